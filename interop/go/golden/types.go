package golden

// Public golden set, part 1: everything the msgp 1.1.6 generator supports.
// This file (and only this file) is fed to the generator:
//     msgp -file types.go -o types_gen.go -tests=false
// Helper types referenced here (extension types, the shimmed Level type and
// the hand-written MinIO grid builtins) are declared in support.go.

import (
	"time"

	"github.com/tinylib/msgp/msgp"
)

//msgp:tuple TupleBox TupleNested Tuple16 TupleEmpty GridMessage
//msgp:shim Level as:string using:levelToString/levelFromString

// ---- Named scalar types: their MarshalMsg output is the bare value. ----

type TBool bool
type TInt int
type TInt8 int8
type TInt16 int16
type TInt32 int32
type TInt64 int64
type TUint uint
type TUint8 uint8
type TUint16 uint16
type TUint32 uint32
type TUint64 uint64
type TByte byte
type TRune rune
type TFloat32 float32
type TFloat64 float64
type TComplex64 complex64
type TComplex128 complex128
type TString string
type TBin []byte
type TID16 [16]byte

// Named collections at top level.
type BoolList []bool
type I8List []int8
type StrList []string
type IntMap map[string]int64
type StrMap map[string]string

// ---- Structs (map layout unless listed in the tuple directive) ----

// Scalars has one field of every scalar kind (16 fields: map16 header).
type Scalars struct {
	B   bool
	I   int
	I8  int8
	I16 int16
	I32 int32
	I64 int64
	U   uint
	U8  uint8
	U16 uint16
	U32 uint32
	U64 uint64
	By  byte
	R   rune
	F32 float32
	F64 float64
	S   string
}

// Fifteen has 15 fields: the largest fixmap header (0x8f).
type Fifteen struct {
	A, B, C, D, E, F, G, H, I, J, K, L, M, N, O uint8
}

// Empty has no fields: encodes as an empty map (0x80).
type Empty struct{}

type Complexes struct {
	C64  complex64
	C128 complex128
}

type Blobs struct {
	B     []byte
	Fixed [16]byte
	Small [4]byte
	Named TBin
}

// U8s: only the spelling "byte" selects bin. A field declared []uint8 or
// [N]uint8 is written as an ARRAY of integers, although Go treats uint8 and
// byte as the same type. (The vec:"uints" tag only tells the vector
// renderer to print numbers; msgp ignores it.)
type U8s struct {
	B  []byte
	U  []uint8 `vec:"uints"`
	FB [4]byte
	FU [4]uint8 `vec:"uints"`
}

type Times struct {
	T time.Time
	P *time.Time
}

type Point struct {
	X, Y int32
}

type Slices struct {
	Ints    []int
	Strs    []string
	Bins    [][]byte
	Ptrs    []*int
	Nested  [][]int32
	Structs []Point
	Floats  []float64
}

type Arrays struct {
	A3   [3]string
	A4   [4]uint16
	M    [2][2]int8
	Zero [0]int
	Pts  [2]Point
}

type Maps struct {
	SI map[string]int
	SS map[string]string
	SP map[string]*Point
	SL map[string][]string
	SM map[string]map[string]int64
}

type Ptrs struct {
	PI  *int
	PS  *string
	PP  *Point
	PPI **int
	PB  *bool
	PSl *[]int
	PF  *float32
}

// Inner is small enough to be inlined by the generator into its users.
type Inner struct {
	A int
	B string
}

// Big is too complex to be inlined; users call its own MarshalMsg.
type Big struct {
	A int
	B string
	C []string
	D map[string]int
	E *Inner
}

type Outer struct {
	Inner  // embedded: encoded as a nested object under key "Inner"
	*Point // embedded pointer: key "Point", nil -> nil
	Name   string
	Child  Inner `msg:"child"`
	Anon   struct {
		X int `msg:"x"`
		Y string
	} `msg:"anon"`
	Deep struct {
		L2 struct {
			L3 []Inner
		}
	}
	B Big
}

type Flat struct {
	Inner `msg:",flatten"` // fields of Inner are spliced into Flat's map
	C     bool
}

type Tags struct {
	Renamed    string `msg:"renamed_field"`
	Skipped    string `msg:"-"`
	Alt        int    `msgpack:"alt_key"`
	JSONOnly   int    `json:"json_name"`
	Both       int    `json:"j" msg:"m"`
	EmptyName  int    `msg:""`
	LongKey    int    `msg:"this_key_is_exactly_32_bytes_lng"`
	Key31      int    `msg:"this_key_is_exactly_31_bytes_ln"`
	Unicode    int    `msg:"ключ"`
	unexported int
	P, Q       int  `msg:"ignored_for_multi_name_fields"`
	OnlyOpts   bool `msg:",omitempty"`
}

type OmitEmpty struct {
	I    int            `msg:"i,omitempty"`
	U8   uint8          `msg:"u8,omitempty"`
	F    float64        `msg:"f,omitempty"`
	F32  float32        `msg:"f32,omitempty"`
	B    bool           `msg:"b,omitempty"`
	S    string         `msg:"s,omitempty"`
	Bs   []byte         `msg:"bs,omitempty"`
	Sl   []int          `msg:"sl,omitempty"`
	M    map[string]int `msg:"m,omitempty"`
	P    *int           `msg:"p,omitempty"`
	T    time.Time      `msg:"t,omitempty"`
	A    [2]int         `msg:"a,omitempty"`
	In   Inner          `msg:"in,omitempty"`
	If   interface{}    `msg:"if,omitempty"`
	C    complex64      `msg:"c,omitempty"`
	Keep string         `msg:"keep"`
}

// OmitMore: omitempty on a non-inlined struct (never omitted), and the
// `msg:",omitempty"` form (empty name + option).
type OmitMore struct {
	Big Big    `msg:"big,omitempty"`
	X   int    `msg:"x,omitempty"`
	F1  uint16 `msg:",omitempty"`
	F2  string `msg:",omitempty"`
	F3  []int  `msg:",omitempty"`
}

// Omit17 has 17 omitempty fields: the header is sized from the number of
// fields actually written.
type Omit17 struct {
	F1  uint8 `msg:"f1,omitempty"`
	F2  uint8 `msg:"f2,omitempty"`
	F3  uint8 `msg:"f3,omitempty"`
	F4  uint8 `msg:"f4,omitempty"`
	F5  uint8 `msg:"f5,omitempty"`
	F6  uint8 `msg:"f6,omitempty"`
	F7  uint8 `msg:"f7,omitempty"`
	F8  uint8 `msg:"f8,omitempty"`
	F9  uint8 `msg:"f9,omitempty"`
	F10 uint8 `msg:"f10,omitempty"`
	F11 uint8 `msg:"f11,omitempty"`
	F12 uint8 `msg:"f12,omitempty"`
	F13 uint8 `msg:"f13,omitempty"`
	F14 uint8 `msg:"f14,omitempty"`
	F15 uint8 `msg:"f15,omitempty"`
	F16 uint8 `msg:"f16,omitempty"`
	F17 uint8 `msg:"f17,omitempty"`
}

// AllOmit: every field omitempty; all empty -> 0x80.
type AllOmit struct {
	A string `msg:"a,omitempty"`
	B int    `msg:"b,omitempty"`
}

type TupleBox struct {
	A int
	B string `msg:"b,omitempty"` // omitempty has no effect in tuple layout
	C []byte
	D *Inner
}

type TupleNested struct {
	T TupleBox
	M map[string]TupleBox
	L []TupleBox
	I Inner
}

type Tuple16 struct {
	F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13, F14, F15 int8
}

type TupleEmpty struct{}

type Intf struct {
	V interface{}
}

type RawBox struct {
	R    msgp.Raw
	Name string
}

type ExtBox struct {
	E Ext42  `msg:"e,extension"`
	N ExtNeg `msg:"n,extension"`
}

type ShimBox struct {
	L  Level
	Ls []Level
}

type Enum int16
type NamedSlice []Inner
type NamedMap map[string]Enum

type Named struct {
	E Enum
	N NamedSlice
	M NamedMap
	S TString
}

// Dropped: fields the generator silently leaves out of the encoding
// (maps whose key type is not literally "string", channels, functions).
type MyKey string

type Dropped struct {
	Keep    int
	IntKeys map[int]string
	Named   map[MyKey]int
	Ch      chan int
	Fn      func()
	Tail    string
}

// ---- MinIO grid / dsync equivalents (same field names, types and tags) ----

type Op uint8
type HandlerID uint8
type Flags uint8
type ResponseCode uint8

// GridMessage mirrors internal/grid.message (tuple layout).
type GridMessage struct {
	MuxID      uint64
	Seq        uint32
	DeadlineMS uint32
	Handler    HandlerID
	Op         Op
	Flags      Flags
	Payload    []byte
}

type ConnectReq struct {
	ID   [16]byte
	Host string
}

type ConnectResp struct {
	ID             [16]byte
	Accepted       bool
	RejectedReason string
}

type MuxConnectError struct {
	Error string
}

type PongMsg struct {
	NotFound bool    `msg:"nf"`
	Err      *string `msg:"e,allownil"`
}

type LockArgs struct {
	UID       string
	Resources []string
	Source    string
	Owner     string
	Quorum    int
}

type LockResp struct {
	Code ResponseCode
	Err  string
}

// GridUse shows the hand-written grid builtins used as struct fields.
type GridUse struct {
	M *MSS
	B *Bytes
	U URLValues
}
