package store

import "encoding/json"

// jsonUnmarshal decodes a stored value. json.Unmarshal copies what it
// keeps, so results stay valid after the transaction.
func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
