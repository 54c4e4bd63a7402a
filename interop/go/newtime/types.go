package newtime

// File-wide directive: time.Time fields use the official MessagePack
// timestamp extension (type -1) instead of msgp's own type 5. msgp 1.2.4+.

import "time"

//msgp:newtime

type NewTimes struct {
	T time.Time
	P *time.Time
	L []time.Time
	I interface{} // interface values still use the type-5 form
}
