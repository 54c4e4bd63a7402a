package main

// The harness addresses every golden type by the name its .grid declaration
// has (schemas/golden/*.grid), so the TypeScript side can use one name for
// both its generated codec and the Go counterpart.

import (
	"github.com/tinylib/msgp/msgp"

	"gridgen/interop/compact"
	"gridgen/interop/golden"
	"gridgen/interop/modern"
	"gridgen/interop/newtime"
)

// codec is what every registered value offers: msgp's []byte API, the one MinIO uses.
type codec interface {
	msgp.Marshaler
	msgp.Unmarshaler
}

// registry maps a .grid type name to a constructor of a fresh zero value.
var registry = map[string]func() codec{
	// pub116, file golden.grid
	"TBool":           func() codec { return new(golden.TBool) },
	"TInt":            func() codec { return new(golden.TInt) },
	"TInt8":           func() codec { return new(golden.TInt8) },
	"TInt16":          func() codec { return new(golden.TInt16) },
	"TInt32":          func() codec { return new(golden.TInt32) },
	"TInt64":          func() codec { return new(golden.TInt64) },
	"TUint":           func() codec { return new(golden.TUint) },
	"TUint8":          func() codec { return new(golden.TUint8) },
	"TUint16":         func() codec { return new(golden.TUint16) },
	"TUint32":         func() codec { return new(golden.TUint32) },
	"TUint64":         func() codec { return new(golden.TUint64) },
	"TByte":           func() codec { return new(golden.TByte) },
	"TRune":           func() codec { return new(golden.TRune) },
	"TFloat32":        func() codec { return new(golden.TFloat32) },
	"TFloat64":        func() codec { return new(golden.TFloat64) },
	"TComplex64":      func() codec { return new(golden.TComplex64) },
	"TComplex128":     func() codec { return new(golden.TComplex128) },
	"TString":         func() codec { return new(golden.TString) },
	"TBin":            func() codec { return new(golden.TBin) },
	"TID16":           func() codec { return new(golden.TID16) },
	"BoolList":        func() codec { return new(golden.BoolList) },
	"I8List":          func() codec { return new(golden.I8List) },
	"StrList":         func() codec { return new(golden.StrList) },
	"IntMap":          func() codec { return new(golden.IntMap) },
	"StrMap":          func() codec { return new(golden.StrMap) },
	"Scalars":         func() codec { return new(golden.Scalars) },
	"Fifteen":         func() codec { return new(golden.Fifteen) },
	"Empty":           func() codec { return new(golden.Empty) },
	"Complexes":       func() codec { return new(golden.Complexes) },
	"Blobs":           func() codec { return new(golden.Blobs) },
	"U8s":             func() codec { return new(golden.U8s) },
	"Times":           func() codec { return new(golden.Times) },
	"Point":           func() codec { return new(golden.Point) },
	"Slices":          func() codec { return new(golden.Slices) },
	"Arrays":          func() codec { return new(golden.Arrays) },
	"Maps":            func() codec { return new(golden.Maps) },
	"Ptrs":            func() codec { return new(golden.Ptrs) },
	"Inner":           func() codec { return new(golden.Inner) },
	"Big":             func() codec { return new(golden.Big) },
	"Outer":           func() codec { return new(golden.Outer) },
	"Flat":            func() codec { return new(golden.Flat) },
	"Tags":            func() codec { return new(golden.Tags) },
	"OmitEmpty":       func() codec { return new(golden.OmitEmpty) },
	"OmitMore":        func() codec { return new(golden.OmitMore) },
	"Omit17":          func() codec { return new(golden.Omit17) },
	"AllOmit":         func() codec { return new(golden.AllOmit) },
	"TupleBox":        func() codec { return new(golden.TupleBox) },
	"TupleNested":     func() codec { return new(golden.TupleNested) },
	"Tuple16":         func() codec { return new(golden.Tuple16) },
	"TupleEmpty":      func() codec { return new(golden.TupleEmpty) },
	"Intf":            func() codec { return new(golden.Intf) },
	"RawBox":          func() codec { return new(golden.RawBox) },
	"ExtBox":          func() codec { return new(golden.ExtBox) },
	"ShimBox":         func() codec { return new(golden.ShimBox) },
	"Enum":            func() codec { return new(golden.Enum) },
	"NamedSlice":      func() codec { return new(golden.NamedSlice) },
	"NamedMap":        func() codec { return new(golden.NamedMap) },
	"Named":           func() codec { return new(golden.Named) },
	"Dropped":         func() codec { return new(golden.Dropped) },
	"Op":              func() codec { return new(golden.Op) },
	"HandlerID":       func() codec { return new(golden.HandlerID) },
	"Flags":           func() codec { return new(golden.Flags) },
	"ResponseCode":    func() codec { return new(golden.ResponseCode) },
	"GridMessage":     func() codec { return new(golden.GridMessage) },
	"ConnectReq":      func() codec { return new(golden.ConnectReq) },
	"ConnectResp":     func() codec { return new(golden.ConnectResp) },
	"MuxConnectError": func() codec { return new(golden.MuxConnectError) },
	"PongMsg":         func() codec { return new(golden.PongMsg) },
	"LockArgs":        func() codec { return new(golden.LockArgs) },
	"LockResp":        func() codec { return new(golden.LockResp) },
	"GridUse":         func() codec { return new(golden.GridUse) },
	// The hand-written grid builtins used as top-level payloads; the .grid
	// file declares aliases with these names (a builtin name cannot be redeclared).
	"GridMSS":       func() codec { return new(golden.MSS) },
	"GridBytes":     func() codec { return new(golden.Bytes) },
	"GridURLValues": func() codec { return new(golden.URLValues) },
	"GridNoPayload": func() codec { return new(golden.NoPayload) },
	"JSONLockResp":  func() codec { return new(golden.JSON[golden.LockResp]) },
	"JSONAnyMap":    func() codec { return new(golden.JSON[map[string]interface{}]) },
	"ArrayLockArgs": func() codec { return new(golden.Array[golden.LockArgs, *golden.LockArgs]) },
	"ArrayLockResp": func() codec { return new(golden.Array[golden.LockResp, *golden.LockResp]) },

	// pub125, file modern.grid
	"AllowNil":      func() codec { return new(modern.AllowNil) },
	"AllowNilTuple": func() codec { return new(modern.AllowNilTuple) },
	"Durations":     func() codec { return new(modern.Durations) },
	"Numbers":       func() codec { return new(modern.Numbers) },
	"Money":         func() codec { return new(modern.Money) },
	"OmitZero":      func() codec { return new(modern.OmitZero) },
	"OmitNameless":  func() codec { return new(modern.OmitNameless) },
	"AnyBox":        func() codec { return new(modern.AnyBox) },
	"Replaced":      func() codec { return new(modern.Replaced) },

	// pub125nt, file newtime.grid
	"NewTimes": func() codec { return new(newtime.NewTimes) },

	// pub125cf, file compact.grid
	"CompactFloats": func() codec { return new(compact.CompactFloats) },
}
