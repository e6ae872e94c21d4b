// Fieldbot sandbox page: chat with the bot as a person from the roster, on
// the fake Telegram or the fake Zalo.
// Vanilla JS, no build step. The server sanitizes the bot's HTML (field
// "html"); everything else is inserted as text.
'use strict';

(function () {
  const STORE_KEY = 'fieldbot.sandbox.user';
  const CHANNEL_KEY = 'fieldbot.sandbox.channel';
  const TELEGRAM = 'telegram', ZALO = 'zalo';
  const ROLE = { officer: 'Cán bộ', leader: 'Lãnh đạo', admin: 'Quản trị' };

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
  let commands = [];
  let current = null; // user id
  let channel = TELEGRAM; // the chat shown is current's on this channel
  let channels = [TELEGRAM];
  let es = null; // EventSource
  let loadSeq = 0; // discards stale chat loads after a switch

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

  async function api(method, path, body) {
    const opt = { method, headers: {} };
    if (body !== undefined) {
      opt.headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
    const res = await fetch(path, opt);
    let data = null;
    try { data = await res.json(); } catch (_) { /* empty body */ }
    if (!res.ok) {
      const err = new Error((data && data.error) || ('Lỗi ' + res.status));
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

  function timeOf(t) {
    const d = new Date(t / 1000);
    return d.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
  }

  function nearBottom() {
    return messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 120;
  }
  function toBottom() { messagesEl.scrollTop = messagesEl.scrollHeight; }

  // --- people ----------------------------------------------------------------

  function renderPeople(filter) {
    const f = (filter || '').trim().toLowerCase();
    const groups = new Map();
    for (const p of people) {
      const hay = [p.name, p.title, p.unit_name, p.unit, ROLE[p.role] || p.role].join(' ').toLowerCase();
      if (f && !hay.includes(f)) continue;
      const key = p.unit_name || p.unit || 'Khác';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(p);
    }
    const out = [];
    for (const [unit, list] of groups) {
      const section = el('section', { class: 'unit', 'data-unit': list[0].unit });
      section.append(el('h3', { class: 'unit-head', text: unit }));
      for (const p of list) {
        const role = el('span', { class: 'role role-' + p.role, text: ROLE[p.role] || p.role });
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
    if (!out.length) out.push(el('p', { class: 'hint', text: 'Không tìm thấy ai.' }));
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
    setChannel(ch);
    $('who-name').textContent = p.name;
    $('who-sub').textContent = [p.title, p.unit_name].filter(Boolean).join(' · ');
    $('who-avatar').textContent = initials(p.name);
    document.title = p.name + ' – Fieldbot thử nghiệm';
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
    input.placeholder = zalo ? 'Nhập tin nhắn… (ví dụ: baocao, tiendo)' : 'Nhập tin nhắn…';
    $('start').textContent = zalo ? '👋 Nhắn “Xin chào”' : 'Bắt đầu';
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
      if (user === current) toast('Không tải được cuộc trò chuyện: ' + e.message, 'error');
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
    return el('div', { class: 'meta', text: timeOf(m.t) + (extra ? ' · ' + extra : '') });
  }

  function renderBot(m) {
    const box = el('div', {
      class: 'msg bot', 'data-testid': 'bot-msg', 'data-key': m.key, 'data-id': String(m.id), 'data-t': String(m.t),
    });
    if (m.photo) {
      if (m.photo.external) {
        box.append(el('a', { class: 'doc', href: m.photo.url, target: '_blank', rel: 'noopener noreferrer', text: '🖼 ' + (m.photo.name || 'Ảnh') }));
      } else {
        const img = el('img', { class: 'photo', 'data-testid': 'photo', src: m.photo.url, alt: 'Ảnh từ bot', loading: 'lazy' });
        img.addEventListener('load', () => { if (nearBottom()) toBottom(); });
        box.append(el('a', { href: m.photo.url, target: '_blank', rel: 'noopener' }, img));
      }
    }
    if (m.document) {
      box.append(el('a', {
        class: 'doc', 'data-testid': 'document', href: m.document.url, download: m.document.external ? null : (m.document.name || true),
        target: m.document.external ? '_blank' : null, rel: 'noopener noreferrer',
      }, document.createTextNode('📄 '), el('span', { text: m.document.name || 'Tệp đính kèm' })));
    }
    const text = el('div', { class: 'text', 'data-testid': 'bot-text' });
    text.innerHTML = m.html || ''; // sanitized by the server (renderHTML)
    box.append(text, meta(m, m.edited ? 'đã sửa' : ''));
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
    if (m.contact) { cls += ' contact'; text = '📱 Đã chia sẻ số điện thoại ' + m.contact; }
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
      ? el('button', { type: 'button', class: 'kbtn contact', 'data-testid': 'share-contact', text: b.text || '📱 Chia sẻ số điện thoại', onclick: shareContact })
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
      toast('Không gửi được: ' + e.message, 'error');
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
      toast('Không chia sẻ được số điện thoại: ' + e.message, 'error');
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
  $('start').addEventListener('click', () => sendText(channel === ZALO ? 'Xin chào' : '/start'));

  // A code, as a leader (/moi) or the IT officer (fieldbot invite) would
  // give one, typed into the box for the person to send.
  $('invite').addEventListener('click', async (ev) => {
    const b = ev.currentTarget, p = byId.get(current);
    b.disabled = true;
    try {
      const r = await api('POST', 'api/invite', { user: current, channel });
      input.value = r.code;
      input.focus();
      toast('Mã mời của ' + (p ? p.name : '') + ': ' + r.code + ' (dùng một lần, trong 72 giờ). Bấm Gửi để nhắn cho bot.');
    } catch (e) {
      toast('Không lấy được mã mời: ' + e.message, 'error');
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
          toast('Đã thực hiện: ' + a.label);
        } catch (e) {
          toast('Không thực hiện được: ' + e.message, 'error');
        } finally {
          b.disabled = false;
        }
      },
    })));
    bar.hidden = actions.length === 0;
  }

  // --- live events -------------------------------------------------------------

  function setConn(on) {
    conn.classList.toggle('on', on);
    const label = on ? 'Đã kết nối, tin nhắn đến ngay' : 'Mất kết nối, đang thử lại…';
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

  async function start() {
    try {
      const [ppl, metaData] = await Promise.all([api('GET', 'api/people'), api('GET', 'api/meta')]);
      people = ppl;
      byId = new Map(people.map((p) => [p.user_id, p]));
      commands = metaData.commands || [];
      channels = metaData.channels || [TELEGRAM];
      $('channels').hidden = channels.length < 2;
      $('invite').hidden = !metaData.invite;
      renderActions(metaData.actions || []);
    } catch (e) {
      toast('Không tải được danh sách người dùng: ' + e.message, 'error');
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
