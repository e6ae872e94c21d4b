package store

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
