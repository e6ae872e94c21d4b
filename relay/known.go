package relay

// Known reports whether a channel's user is someone on the roster: linked
// to a phone the roster still holds. Anyone else can only be onboarded,
// and a channel bounds what their messages may cost (inbox.Gate) before
// it stores them. A failure to read counts as known: when in doubt, the
// message is handled.
func (r *Relay) Known(channel, userID string) bool {
	phone, ok, err := r.DB.LinkedPhone(channel, userID)
	if err != nil {
		return true
	}
	if !ok {
		return false
	}
	if r.Roster == nil {
		return true
	}
	_, ok = r.Roster.Lookup(phone)
	return ok
}
