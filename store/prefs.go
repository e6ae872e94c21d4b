package store

// The prefs bucket holds, by roster phone, the channel a person chose for
// scheduled messages under the bare phone, and the language they chose
// under langPrefix+phone. A missing key means the default.
const langPrefix = "lang\x00"

// Preferred is the channel a person wants scheduled messages on when
// bound on several ("" means all of them).
func (tx *Tx) Preferred(phone string) (string, error) {
	return string(tx.tx.Bucket(bucketPrefs).Get([]byte(phone))), nil
}

// SetPreferred records a person's channel for scheduled messages; ""
// means every channel they are bound on.
func (tx *Tx) SetPreferred(phone, channel string) error {
	if err := checkParts("preference", phone); err != nil {
		return err
	}
	b := tx.tx.Bucket(bucketPrefs)
	if channel == "" {
		return b.Delete([]byte(phone))
	}
	return b.Put([]byte(phone), []byte(channel))
}

// Language is the user-interface language a person chose ("vi", "en"),
// or "" if they never chose one: then the configured default applies.
func (tx *Tx) Language(phone string) (string, error) {
	return string(tx.tx.Bucket(bucketPrefs).Get([]byte(langPrefix + phone))), nil
}

// SetLanguage records a person's language; "" forgets the choice.
func (tx *Tx) SetLanguage(phone, lang string) error {
	if err := checkParts("language", phone); err != nil {
		return err
	}
	b := tx.tx.Bucket(bucketPrefs)
	if lang == "" {
		return b.Delete([]byte(langPrefix + phone))
	}
	return b.Put([]byte(langPrefix+phone), []byte(lang))
}
