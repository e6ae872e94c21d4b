// Fieldbot sandbox page: chat with the bot as a person from the roster, on
// the fake Telegram or the fake Zalo.
// Vanilla JS, no build step. The server sanitizes the bot's HTML (field
// "html"); everything else is inserted as text. Every text of the page comes
// from the server's catalog (api/texts) in the page's language: no words
// live in this file.
'use strict';

(function () {
  const STORE_KEY = 'fieldbot.sandbox.user';
  const CHANNEL_KEY = 'fieldbot.sandbox.channel';
  const LANG_KEY = 'fieldbot.sandbox.lang';
  const TELEGRAM = 'telegram', ZALO = 'zalo';

  const $ = (id) => document.getElementById(id);
  const app = $('app');
  const peopleEl = $('people');
  const messagesEl = $('messages');
  const emptyEl = $('empty');
  const replyKb = $('reply-kb');
  const cmdMenu = $('cmd-menu');
  const input = $('input');
  const sendBtn = $('send');
  const cmdBtn = $('cmd-btn');
  const conn = $('conn');
  const toastEl = $('toast');

  let people = [];
  let byId = new Map();
  let menus = {}; // role -> the commands it may use, in the page's language
  let commands = []; // the current person's
  let lang = ''; // the page's language, vi or en; '' until the server says
  let texts = {}; // catalog key -> template, in lang
  let zone = ''; // the office's IANA time zone; '' for the browser's
  let connected = false;
  let current = null; // user id
  let channel = TELEGRAM; // the chat shown is current's on this channel
  let channels = [TELEGRAM];
  let es = null; // EventSource
  let loadSeq = 0; // discards stale chat loads after a switch

  // --- texts -----------------------------------------------------------------

  // t fills a catalog template's {placeholders} from vars.
  function t(key, vars) {
    const tmpl = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return tmpl.replace(/\{([a-z0-9_]+)\}/g, (m, name) => (vars && name in vars ? String(vars[name]) : m));
  }

  // fill sets an element's text from a template whose placeholders may be
  // nodes, such as the <code> of a command.
  function fill(e, key, nodes) {
    const parts = (Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key).split(/\{([a-z0-9_]+)\}/);
    e.replaceChildren(...parts.map((part, i) => (i % 2 && nodes[part] ? nodes[part] : document.createTextNode(i % 2 ? '{' + part + '}' : part))));
  }

  // applyTexts puts the catalog's texts into the page's fixed elements:
  // data-t for the text, data-t-<attribute> for an attribute.
  function applyTexts() {
    document.documentElement.lang = lang;
    for (const e of document.querySelectorAll('[data-t]')) {
      const nodes = {};
      for (const v of e.querySelectorAll('[data-var]')) nodes[v.dataset.var] = v;
      fill(e, e.dataset.t, nodes);
    }
    for (const attr of ['placeholder', 'title', 'aria-label', 'alt']) {
      for (const e of document.querySelectorAll('[data-t-' + attr + ']')) e.setAttribute(attr, t(e.getAttribute('data-t-' + attr)));
    }
    for (const b of $('langs').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  }

  function roleName(role) { return texts['role.' + role] || role; }

  // --- helpers -------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }

  // api calls the server, naming the page's language so that errors come
  // back in it.
  async function api(method, path, body) {
    if (lang && !/[?&]lang=/.test(path)) path += (path.includes('?') ? '&' : '?') + 'lang=' + lang;
    const opt = { method, headers: {} };
    if (body !== undefined) {
      opt.headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
    const res = await fetch(path, opt);
    let data = null;
    try { data = await res.json(); } catch (_) { /* empty body */ }
    if (!res.ok) {
      const err = new Error((data && data.error) || t('sandbox.error_status', { status: res.status }));
      err.status = res.status;
      throw err;
    }
    return data;
  }

  let toastTimer = 0;
  function toast(text, kind) {
    toastEl.textContent = text;
    toastEl.className = 'toast' + (kind ? ' ' + kind : '');
    toastEl.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toastEl.hidden = true; }, kind === 'alert' ? 8000 : 3500);
  }
  toastEl.addEventListener('click', () => { toastEl.hidden = true; });

  function initials(name) {
    const parts = (name || '?').trim().split(/\s+/);
    return (parts[parts.length - 1] || '?').charAt(0).toUpperCase();
  }

  // --- times -------------------------------------------------------------------
  // Times are the office's (its zone from api/meta), wherever the browser
  // is: today's as 17:05; earlier ones with their date, the Vietnamese way
  // (28/11/2026 17:05) or the English one (28 Nov 2026, 17:05).

  let clock = null; // formatters for the current lang and zone

  function formatters() {
    if (clock && clock.lang === lang && clock.zone === zone) return clock;
    const opts = (o) => Object.assign({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, zone ? { timeZone: zone } : {}, o);
    let parts, english;
    try {
      parts = new Intl.DateTimeFormat('en-GB', opts({ year: 'numeric', month: '2-digit', day: '2-digit' }));
      english = new Intl.DateTimeFormat('en-GB', opts({ year: 'numeric', month: 'short', day: 'numeric' }));
    } catch (_) { // a zone this browser does not know: its own
      zone = '';
      return formatters();
    }
    clock = { lang, zone, parts, english };
    return clock;
  }

  // fields are a moment's year, month, day, hour and minute in the office.
  function fields(d) {
    const out = {};
    for (const p of formatters().parts.formatToParts(d)) out[p.type] = p.value;
    return out;
  }

  // dateTime is a moment's full date and time in the page's language.
  function dateTime(d) {
    if (lang === 'en') return formatters().english.format(d);
    const f = fields(d);
    return f.day + '/' + f.month + '/' + f.year + ' ' + f.hour + ':' + f.minute;
  }

  function timeOf(t) {
    const d = new Date(t / 1000), f = fields(d), now = fields(new Date());
    if (f.year === now.year && f.month === now.month && f.day === now.day) return f.hour + ':' + f.minute;
    return dateTime(d);
  }

  // timeTitle is a moment with its date and zone, shown on hover.
  function timeTitle(t) { return dateTime(new Date(t / 1000)) + (zone ? ' (' + zone + ')' : ''); }

  function nearBottom() {
    return messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 120;
  }
  function toBottom() { messagesEl.scrollTop = messagesEl.scrollHeight; }

  // --- people ----------------------------------------------------------------

  function renderPeople(filter) {
    const f = (filter || '').trim().toLowerCase();
    const groups = new Map();
    for (const p of people) {
      const hay = [p.name, p.title, p.unit_name, p.unit, roleName(p.role)].join(' ').toLowerCase();
      if (f && !hay.includes(f)) continue;
      const key = p.unit_name || p.unit || t('sandbox.unit_other');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(p);
    }
    const out = [];
    for (const [unit, list] of groups) {
      const section = el('section', { class: 'unit', 'data-unit': list[0].unit });
      section.append(el('h3', { class: 'unit-head', text: unit }));
      for (const p of list) {
        const role = el('span', { class: 'role role-' + p.role, text: roleName(p.role) });
        const name = el('span', { class: 'pname' }, document.createTextNode(p.name), role);
        const btn = el('button', {
          type: 'button', class: 'person' + (p.user_id === current ? ' current' : ''),
          'data-testid': 'person-' + p.user_id, 'data-user': String(p.user_id),
          'aria-pressed': p.user_id === current ? 'true' : 'false',
          onclick: () => select(p.user_id),
        }, el('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(p.name) }),
        el('span', {}, name, el('span', { class: 'ptitle', text: p.title || '' })));
        section.append(btn);
      }
      out.push(section);
    }
    if (!out.length) out.push(el('p', { class: 'hint', text: t('sandbox.nobody') }));
    peopleEl.replaceChildren(...out);
  }

  function showPicker(on) { app.classList.toggle('picking', on); }

  function hashOf(id, ch) { return '#user=' + id + (ch === TELEGRAM ? '' : '&ch=' + ch); }

  function select(id, fromHash, ch) {
    const p = byId.get(id);
    if (!p) { showPicker(true); return; }
    ch = channels.includes(ch) ? ch : channel;
    showPicker(false);
    try {
      localStorage.setItem(STORE_KEY, String(id));
      localStorage.setItem(CHANNEL_KEY, ch);
    } catch (_) { /* private mode */ }
    if (!fromHash && location.hash !== hashOf(id, ch)) history.replaceState(null, '', hashOf(id, ch));
    if (current === id && channel === ch) return;
    current = id;
    commands = commandsOf(p);
    setChannel(ch);
    showWho();
    renderPeople($('people-filter').value);
    input.disabled = sendBtn.disabled = false;
    messagesEl.replaceChildren();
    emptyEl.hidden = true;
    renderKeyboard(null);
    closeCommands();
    loadChat();
    connect();
    input.focus({ preventScroll: true });
  }

  // showWho shows who one chats as, or asks to pick someone.
  function showWho() {
    const p = byId.get(current);
    if (!p) {
      document.title = t('sandbox.title');
      return; // the fixed texts say "choose a person"
    }
    $('who-name').textContent = p.name;
    $('who-sub').textContent = [p.title, p.unit_name].filter(Boolean).join(' · ');
    $('who-avatar').textContent = initials(p.name);
    document.title = t('sandbox.title_person', { name: p.name });
  }

  // commandsOf is the menu of the person's role; people not on it see the
  // officer's, as on Telegram.
  function commandsOf(p) { return (p && (menus[p.role] || menus.officer)) || []; }

  function userFromHash() {
    const m = /(?:^#|&)user=(-?\d+)/.exec(location.hash);
    return m ? Number(m[1]) : null;
  }

  function channelFromHash() {
    const m = /(?:^#|&)ch=(\w+)/.exec(location.hash);
    return m ? m[1] : TELEGRAM;
  }

  // setChannel shows what the channel has: Zalo has no buttons, keyboards
  // or command menu, commands are typed, and people join with a code.
  function setChannel(ch) {
    channel = ch;
    const zalo = ch === ZALO;
    app.classList.toggle('zalo', zalo);
    for (const b of $('channels').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.channel === ch));
    input.placeholder = t(zalo ? 'sandbox.input_zalo' : 'sandbox.input');
    $('start').textContent = zalo ? t('sandbox.start_zalo', { hello: t('sandbox.hello') }) : t('sandbox.start');
  }

  function chatQuery() { return 'user=' + current + '&channel=' + channel; }

  // --- chat --------------------------------------------------------------------

  // Events that arrive while a load is under way are applied again on top
  // of the loaded state, which may have been read before them.
  const loads = new Set();

  async function loadChat() {
    if (current === null) return;
    const user = current, ch = channel;
    const seq = ++loadSeq;
    const during = [];
    loads.add(during);
    try {
      const data = await api('GET', 'api/chat?' + chatQuery());
      if (seq !== loadSeq || user !== current || ch !== channel) return;
      messagesEl.replaceChildren(...data.messages.map(renderItem));
      renderKeyboard(data.keyboard);
      for (const e of during) apply(e, true);
      updateEmpty();
      toBottom();
    } catch (e) {
      if (user === current) toast(t('sandbox.load_failed', { message: e.message }), 'error');
    } finally {
      loads.delete(during);
    }
  }

  // apply shows one event; replayed ones never trigger another load.
  function apply(e, replay) {
    switch (e.type) {
      case 'sent':
      case 'edited':
      case 'user':
        upsert(e.message);
        if (e.keyboard !== undefined) renderKeyboard(e.keyboard);
        break;
      case 'deleted':
        removeMsg(e.message);
        renderKeyboard(e.keyboard);
        break;
      case 'answer':
        if (e.text && !replay) toast(e.text, e.alert ? 'alert' : '');
        break;
      case 'resync':
        if (!replay) loadChat();
        break;
    }
  }

  function receive(e) {
    for (const l of loads) l.push(e);
    apply(e, false);
  }

  function updateEmpty() { emptyEl.hidden = messagesEl.childElementCount > 0; }

  function renderItem(m) {
    return m.kind === 'bot' ? renderBot(m) : renderUser(m);
  }

  function meta(m, extra) {
    return el('div', { class: 'meta', 'data-testid': 'msg-time', title: timeTitle(m.t), text: timeOf(m.t) + (extra ? ' · ' + extra : '') });
  }

  function renderBot(m) {
    const box = el('div', {
      class: 'msg bot', 'data-testid': 'bot-msg', 'data-key': m.key, 'data-id': String(m.id), 'data-t': String(m.t),
    });
    if (m.photo) {
      if (m.photo.external) {
        box.append(el('a', { class: 'doc', href: m.photo.url, target: '_blank', rel: 'noopener noreferrer', text: '🖼 ' + (m.photo.name || t('sandbox.photo')) }));
      } else {
        const img = el('img', { class: 'photo', 'data-testid': 'photo', src: m.photo.url, alt: t('sandbox.photo_alt'), loading: 'lazy' });
        img.addEventListener('load', () => { if (nearBottom()) toBottom(); });
        box.append(el('a', { href: m.photo.url, target: '_blank', rel: 'noopener' }, img));
      }
    }
    if (m.document) {
      box.append(el('a', {
        class: 'doc', 'data-testid': 'document', href: m.document.url, download: m.document.external ? null : (m.document.name || true),
        target: m.document.external ? '_blank' : null, rel: 'noopener noreferrer',
      }, document.createTextNode('📄 '), el('span', { text: m.document.name || t('sandbox.attachment') })));
    }
    const text = el('div', { class: 'text', 'data-testid': 'bot-text' });
    text.innerHTML = m.html || ''; // sanitized by the server (renderHTML)
    if (m.sticker) text.textContent = t('sandbox.sticker', { id: m.sticker });
    box.append(text, meta(m, m.edited ? t('sandbox.edited') : ''));
    if (m.inline && m.inline.length) {
      const kb = el('div', { class: 'inline-kb' });
      for (const row of m.inline) {
        const r = el('div', { class: 'row' });
        for (const b of row) {
          if (b.data) {
            r.append(el('button', {
              type: 'button', class: 'ibtn', 'data-testid': 'btn', 'data-data': b.data, text: b.text,
              onclick: (ev) => press(m.id, b.data, ev.currentTarget),
            }));
          } else if (b.url) {
            r.append(el('a', { class: 'ibtn', 'data-testid': 'btn-url', href: b.url, target: '_blank', rel: 'noopener noreferrer', text: b.text + ' ↗' }));
          } else {
            r.append(el('button', { type: 'button', class: 'ibtn', disabled: true, text: b.text }));
          }
        }
        kb.append(r);
      }
      box.append(kb);
    }
    return box;
  }

  function renderUser(m) {
    let cls = 'msg user', text = m.text || '', testid = 'user-msg';
    if (m.contact) { cls += ' contact'; text = t('sandbox.shared_phone', { phone: m.contact }); }
    if (m.press) { cls += ' press'; text = '👆 ' + (m.press.label || m.press.data); }
    return el('div', { class: cls, 'data-testid': testid, 'data-key': m.key, 'data-t': String(m.t) },
      el('div', { class: 'text', text }), meta(m));
  }

  // upsert puts a message in its place by time, replacing its old state.
  function upsert(m) {
    const stick = nearBottom();
    const node = renderItem(m);
    const old = messagesEl.querySelector('[data-key="' + CSS.escape(m.key) + '"]');
    if (old) {
      old.replaceWith(node);
    } else {
      let after = messagesEl.lastElementChild;
      while (after && Number(after.dataset.t) > m.t) after = after.previousElementSibling;
      if (after) after.after(node); else messagesEl.prepend(node);
    }
    updateEmpty();
    if (stick || m.kind === 'user') toBottom();
  }

  function removeMsg(m) {
    const old = messagesEl.querySelector('[data-key="' + CSS.escape(m.key) + '"]');
    if (old) old.remove();
    updateEmpty();
  }

  function renderKeyboard(kb) {
    if (!kb || !kb.rows || !kb.rows.length) {
      replyKb.replaceChildren();
      replyKb.hidden = true;
      return;
    }
    const rows = kb.rows.map((row) => el('div', { class: 'row' }, ...row.map((b) => b.request_contact
      ? el('button', { type: 'button', class: 'kbtn contact', 'data-testid': 'share-contact', text: b.text || t('sandbox.share_phone'), onclick: shareContact })
      : el('button', { type: 'button', class: 'kbtn', 'data-testid': 'reply-btn', text: b.text, onclick: () => sendText(b.text) }))));
    replyKb.replaceChildren(...rows);
    replyKb.hidden = false;
  }

  // --- sending -----------------------------------------------------------------

  async function sendText(text) {
    text = (text || '').trim();
    const user = current, ch = channel;
    if (!text || user === null) return false;
    try {
      const m = await api('POST', 'api/send', { user, channel: ch, text });
      if (user === current && ch === channel) receive({ type: 'user', message: m });
      return true;
    } catch (e) {
      toast(t('sandbox.send_failed', { message: e.message }), 'error');
      return false;
    }
  }

  async function press(msgId, data, btn) {
    const user = current;
    if (btn) btn.disabled = true;
    try {
      const m = await api('POST', 'api/press', { user, message: msgId, data });
      if (user === current) receive({ type: 'user', message: m });
    } catch (e) {
      toast(e.message, 'error');
      if (e.status === 409) loadChat();
    } finally {
      if (btn && btn.isConnected) setTimeout(() => { btn.disabled = false; }, 600);
    }
  }

  async function shareContact() {
    const user = current;
    try {
      const m = await api('POST', 'api/contact', { user });
      if (user === current) receive({ type: 'user', message: m });
    } catch (e) {
      toast(t('sandbox.share_failed', { message: e.message }), 'error');
    }
  }

  $('composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    sendBtn.disabled = true;
    if (await sendText(text)) input.value = '';
    sendBtn.disabled = false;
    closeCommands();
    input.focus();
  });
  $('start').addEventListener('click', () => sendText(channel === ZALO ? t('sandbox.hello') : '/start'));

  // A code, as a leader (/moi) or the IT officer (fieldbot invite) would
  // give one, typed into the box for the person to send.
  $('invite').addEventListener('click', async (ev) => {
    const b = ev.currentTarget, p = byId.get(current);
    b.disabled = true;
    try {
      const r = await api('POST', 'api/invite', { user: current, channel });
      input.value = r.code;
      input.focus();
      toast(t('sandbox.invite_code', { name: p ? p.name : '', code: r.code }));
    } catch (e) {
      toast(t('sandbox.invite_failed', { message: e.message }), 'error');
    } finally {
      b.disabled = false;
    }
  });

  // --- command menu ------------------------------------------------------------

  function renderCommands(prefix) {
    const p = (prefix || '').replace(/^\//, '').toLowerCase();
    const list = commands.filter((c) => c.command.startsWith(p));
    cmdMenu.replaceChildren(...list.map((c) => el('button', {
      type: 'button', class: 'cmd', role: 'menuitem', 'data-testid': 'cmd-' + c.command,
      onclick: () => { closeCommands(); input.value = ''; sendText('/' + c.command); },
    }, el('b', { text: '/' + c.command }), el('span', { text: c.description }))));
    return list.length > 0;
  }
  function openCommands(prefix) {
    cmdMenu.hidden = !renderCommands(prefix);
    cmdBtn.setAttribute('aria-expanded', String(!cmdMenu.hidden));
  }
  function closeCommands() {
    cmdMenu.hidden = true;
    cmdBtn.setAttribute('aria-expanded', 'false');
  }
  cmdBtn.addEventListener('click', () => { if (cmdMenu.hidden) openCommands(''); else closeCommands(); });
  input.addEventListener('input', () => {
    const v = input.value;
    if (/^\/\w*$/.test(v)) openCommands(v); else closeCommands();
  });
  input.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closeCommands(); });

  // --- actions -----------------------------------------------------------------

  function renderActions(actions) {
    const bar = $('actions');
    bar.replaceChildren(...actions.map((a) => el('button', {
      type: 'button', 'data-testid': 'action-' + a.id, 'data-action': a.id, text: a.label,
      onclick: async (ev) => {
        const b = ev.currentTarget;
        b.disabled = true;
        try {
          await api('POST', 'api/action', { id: a.id });
          toast(t('sandbox.action_done', { label: a.label }));
        } catch (e) {
          toast(t('sandbox.action_failed', { message: e.message }), 'error');
        } finally {
          b.disabled = false;
        }
      },
    })));
    bar.hidden = actions.length === 0;
  }

  // --- live events -------------------------------------------------------------

  function setConn(on) {
    connected = on;
    conn.classList.toggle('on', on);
    const label = t(on ? 'sandbox.conn_on' : 'sandbox.conn_lost');
    conn.title = label;
    conn.setAttribute('aria-label', label);
  }

  function connect() {
    if (es) es.close();
    setConn(false);
    const user = current, ch = channel;
    es = new EventSource('api/events?' + chatQuery());
    // Every (re)connection refetches, so nothing missed while away is lost.
    es.onopen = () => { setConn(true); loadChat(); };
    es.onerror = () => setConn(false);
    es.onmessage = (ev) => {
      if (user !== current || ch !== channel) return;
      let e;
      try { e = JSON.parse(ev.data); } catch (_) { return; }
      if (e.chat && (e.chat !== user || (e.channel || TELEGRAM) !== ch)) return;
      receive(e);
    };
  }

  // --- start -------------------------------------------------------------------

  $('picker-open').addEventListener('click', () => showPicker(true));
  $('picker-close').addEventListener('click', () => { if (current !== null) showPicker(false); });
  $('people-filter').addEventListener('input', (ev) => renderPeople(ev.target.value));
  window.addEventListener('hashchange', () => {
    const id = userFromHash(), ch = channelFromHash();
    if (id !== null && (id !== current || ch !== channel)) select(id, true, ch);
  });
  for (const b of $('channels').querySelectorAll('button')) {
    b.addEventListener('click', () => { if (current !== null) select(current, false, b.dataset.channel); else setChannel(b.dataset.channel); });
  }
  document.addEventListener('click', (ev) => {
    if (!cmdMenu.hidden && !cmdMenu.contains(ev.target) && ev.target !== cmdBtn && ev.target !== input) closeCommands();
  });

  // loadLang fetches what depends on the language (l, or the configured
  // one when l is empty) and shows the page in it; false if a later call
  // overtook it.
  let langSeq = 0;
  async function loadLang(l) {
    const seq = ++langSeq;
    const m = await api('GET', 'api/meta' + (l ? '?lang=' + l : ''));
    const tx = await api('GET', 'api/texts?lang=' + m.lang);
    if (seq !== langSeq) return false;
    lang = m.lang;
    texts = tx;
    menus = m.menus || {};
    zone = m.timezone || '';
    commands = commandsOf(byId.get(current));
    channels = m.channels || [TELEGRAM];
    $('channels').hidden = channels.length < 2;
    $('invite').hidden = !m.invite;
    renderActions(m.actions || []);
    applyTexts();
    showWho();
    setChannel(channel);
    setConn(connected);
    renderPeople($('people-filter').value);
    if (!cmdMenu.hidden) openCommands(input.value);
    return true;
  }

  for (const b of $('langs').querySelectorAll('button')) {
    b.addEventListener('click', async () => {
      const l = b.dataset.lang;
      if (l === lang) return;
      try {
        if (!(await loadLang(l))) return;
      } catch (e) {
        toast(t('sandbox.lang_failed', { message: e.message }), 'error');
        return;
      }
      try { localStorage.setItem(LANG_KEY, l); } catch (_) { /* private mode */ }
      loadChat(); // the chat's own words: times, "edited", shared phones
    });
  }

  async function start() {
    let saved = null;
    try { saved = localStorage.getItem(LANG_KEY); } catch (_) { /* private mode */ }
    try {
      const [ppl] = await Promise.all([api('GET', 'api/people'), loadLang(saved === 'vi' || saved === 'en' ? saved : '')]);
      people = ppl;
      byId = new Map(people.map((p) => [p.user_id, p]));
    } catch (e) {
      toast(lang ? t('sandbox.people_failed', { message: e.message }) : e.message, 'error');
      return;
    }
    renderPeople('');
    let id = userFromHash(), ch = channelFromHash();
    if (id === null || !byId.has(id)) {
      let saved = null, savedCh = null;
      try {
        saved = localStorage.getItem(STORE_KEY);
        savedCh = localStorage.getItem(CHANNEL_KEY);
      } catch (_) { /* private mode */ }
      id = saved !== null ? Number(saved) : null;
      ch = savedCh || TELEGRAM;
    }
    if (id !== null && byId.has(id)) select(id, false, ch); else showPicker(true);
  }
  start();
})();
