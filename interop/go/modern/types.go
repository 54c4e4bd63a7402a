package modern

// Public golden set, part 2: features the msgp 1.1.6 generator lacks.
// Generated with msgp 1.2.5:
//     msgp -file types.go -o types_gen.go -tests=false
// allownil and time.Duration exist since msgp 1.1.7 (so in MinIO's pinned
// 1.1.9); `any`, omitzero, the `msg:",opt"` fix and replace since 1.2.0;
// json.Number since 1.2.x. Helper declarations are in support.go.

import (
	"encoding/json"
	"net"
	"time"
)

//msgp:tuple AllowNilTuple
//msgp:replace net.IP with:[]byte
//msgp:replace Celsius with:float64

type AllowNil struct {
	S  []int          `msg:"s,allownil"`
	B  []byte         `msg:"b,allownil"`
	M  map[string]int `msg:"m,allownil"`
	P  *int           `msg:"p,allownil"`
	SO []int          `msg:"so,allownil,omitempty"`
	N  []string       `msg:"n"`
	NB []byte         `msg:"nb"`
}

// AllowNilTuple: the first field is deliberately NOT allownil. msgp
// versions before 1.4.0 put the tuple's array header inside the "not nil"
// branch of a leading allownil field, so a nil first field produced output
// without the array header.
type AllowNilTuple struct {
	X []int
	S []int          `msg:",allownil"`
	B []byte         `msg:",allownil"`
	M map[string]int `msg:",allownil"`
}

type Durations struct {
	D time.Duration
	P *time.Duration
	L []time.Duration
	O time.Duration `msg:"o,omitempty"`
}

type Numbers struct {
	N json.Number
	O json.Number `msg:"o,omitempty"`
}

// Money is inlined into its users; IsZero (support.go) drives omitzero.
type Money struct {
	Units int64
	Nanos int32
}

type OmitZero struct {
	T  time.Time `msg:"t,omitzero"`
	M  Money     `msg:"m,omitzero"`
	PM *Money    `msg:"pm,omitzero"`
	E  string    `msg:"e,omitempty,omitzero"`
	K  int       `msg:"k"`
}

// OmitNameless: `msg:",omitempty"` keeps its option since msgp 1.2.0.
type OmitNameless struct {
	A int    `msg:",omitempty"`
	B string `msg:",omitempty"`
	C []int  `msg:",omitempty"`
	D int
}

type AnyBox struct {
	V any
	O any `msg:"o,omitempty"` // omitempty on interfaces only works from msgp 1.3.0
}

type Replaced struct {
	IP net.IP
	C  Celsius
	Cs []Celsius
}
