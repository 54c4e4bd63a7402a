package golden

// Hand-written helpers used by types.go. This file is NOT fed to the
// generator. The MinIO grid builtins below are independent re-implementations
// of the wire behaviour of MinIO's hand-written MarshalMsg/UnmarshalMsg
// methods (internal/grid/types.go), built on the msgp runtime library.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tinylib/msgp/msgp"
)

// ---- Extension types ----

// Ext42 is a user extension with type number 42 whose payload is Data.
type Ext42 struct{ Data []byte }

func (e *Ext42) ExtensionType() int8            { return 42 }
func (e *Ext42) Len() int                       { return len(e.Data) }
func (e *Ext42) MarshalBinaryTo(b []byte) error { copy(b, e.Data); return nil }
func (e *Ext42) UnmarshalBinary(b []byte) error { e.Data = append([]byte(nil), b...); return nil }

// ExtNeg is a user extension with type number -100 (0x9c on the wire).
type ExtNeg struct{ Data []byte }

func (e *ExtNeg) ExtensionType() int8            { return -100 }
func (e *ExtNeg) Len() int                       { return len(e.Data) }
func (e *ExtNeg) MarshalBinaryTo(b []byte) error { copy(b, e.Data); return nil }
func (e *ExtNeg) UnmarshalBinary(b []byte) error { e.Data = append([]byte(nil), b...); return nil }

// ---- Shim: Level is an int on the Go side and a string on the wire ----

type Level int

var levelNames = []string{"debug", "info", "warn", "error"}

func levelToString(l Level) string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("level(%d)", int(l))
}

func levelFromString(s string) Level {
	for i, n := range levelNames {
		if n == s {
			return Level(i)
		}
	}
	var v int
	fmt.Sscanf(s, "level(%d)", &v)
	return Level(v)
}

// ---- MinIO grid builtins (hand-written in MinIO, re-implemented here) ----

// MSS mirrors grid.MSS: a nil map is written as nil (0xc0), not as an
// empty map; otherwise map header + (str key, str value) pairs.
type MSS map[string]string

func (m *MSS) MarshalMsg(b []byte) ([]byte, error) {
	if m == nil || *m == nil {
		return msgp.AppendNil(b), nil
	}
	b = msgp.AppendMapHeader(b, uint32(len(*m)))
	for k, v := range *m {
		b = msgp.AppendString(b, k)
		b = msgp.AppendString(b, v)
	}
	return b, nil
}

func (m *MSS) UnmarshalMsg(b []byte) ([]byte, error) {
	if msgp.IsNil(b) {
		*m = nil
		return b[1:], nil
	}
	n, b, err := msgp.ReadMapHeaderBytes(b)
	if err != nil {
		return b, err
	}
	out := make(map[string]string, n)
	for ; n > 0; n-- {
		var k, v string
		if k, b, err = msgp.ReadStringBytes(b); err != nil {
			return b, err
		}
		if v, b, err = msgp.ReadStringBytes(b); err != nil {
			return b, err
		}
		out[k] = v
	}
	*m = out
	return b, nil
}

// Bytes mirrors grid.Bytes: nil -> nil (0xc0), otherwise bin.
type Bytes []byte

func (x *Bytes) MarshalMsg(b []byte) ([]byte, error) {
	if x == nil || *x == nil {
		return msgp.AppendNil(b), nil
	}
	return msgp.AppendBytes(b, *x), nil
}

func (x *Bytes) UnmarshalMsg(b []byte) ([]byte, error) {
	if rest, err := msgp.ReadNilBytes(b); err == nil {
		*x = nil
		return rest, nil
	}
	v, b, err := msgp.ReadBytesZC(b)
	if err != nil {
		return b, err
	}
	*x = append(Bytes{}, v...)
	return b, nil
}

// URLValues mirrors grid.URLValues: map header (a nil map gives 0x80),
// then str key + array of str for each entry (a nil list gives 0x90).
type URLValues map[string][]string

func (u URLValues) MarshalMsg(b []byte) ([]byte, error) {
	b = msgp.AppendMapHeader(b, uint32(len(u)))
	for k, vs := range u {
		b = msgp.AppendString(b, k)
		b = msgp.AppendArrayHeader(b, uint32(len(vs)))
		for _, v := range vs {
			b = msgp.AppendString(b, v)
		}
	}
	return b, nil
}

func (u *URLValues) UnmarshalMsg(b []byte) ([]byte, error) {
	n, b, err := msgp.ReadMapHeaderBytes(b)
	if err != nil {
		return b, err
	}
	out := make(URLValues, n)
	for ; n > 0; n-- {
		var k string
		if k, b, err = msgp.ReadStringBytes(b); err != nil {
			return b, err
		}
		var cnt uint32
		if cnt, b, err = msgp.ReadArrayHeaderBytes(b); err != nil {
			return b, err
		}
		vs := make([]string, cnt)
		for i := range vs {
			if vs[i], b, err = msgp.ReadStringBytes(b); err != nil {
				return b, err
			}
		}
		out[k] = vs
	}
	*u = out
	return b, nil
}

// NoPayload mirrors grid.NoPayload: writes nothing at all, reads nothing.
type NoPayload struct{}

func (NoPayload) MarshalMsg(b []byte) ([]byte, error)    { return b, nil }
func (*NoPayload) UnmarshalMsg(b []byte) ([]byte, error) { return b, nil }

// JSON mirrors grid.JSON[T]: nil value -> nil; otherwise the value is
// encoded with encoding/json's Encoder (HTML escaping on, trailing '\n')
// and the resulting text is written as bin.
type JSON[T any] struct {
	Val *T
}

func (j *JSON[T]) MarshalMsg(b []byte) ([]byte, error) {
	if j.Val == nil {
		return msgp.AppendNil(b), nil
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(j.Val); err != nil {
		return b, err
	}
	return msgp.AppendBytes(b, buf.Bytes()), nil
}

func (j *JSON[T]) UnmarshalMsg(b []byte) ([]byte, error) {
	if rest, err := msgp.ReadNilBytes(b); err == nil {
		j.Val = nil
		return rest, nil
	}
	v, b, err := msgp.ReadBytesZC(b)
	if err != nil {
		return b, err
	}
	j.Val = new(T)
	return b, json.Unmarshal(v, j.Val)
}

// Array mirrors grid.Array[T]: nil list -> nil; otherwise array header
// followed by each element's own MarshalMsg output.
type Array[T any, PT interface {
	*T
	msgp.Marshaler
	msgp.Unmarshaler
}] struct {
	Val []PT
}

func (a *Array[T, PT]) MarshalMsg(b []byte) ([]byte, error) {
	if a.Val == nil {
		return msgp.AppendNil(b), nil
	}
	b = msgp.AppendArrayHeader(b, uint32(len(a.Val)))
	var err error
	for _, v := range a.Val {
		if b, err = v.MarshalMsg(b); err != nil {
			return b, err
		}
	}
	return b, nil
}

func (a *Array[T, PT]) UnmarshalMsg(b []byte) ([]byte, error) {
	if rest, err := msgp.ReadNilBytes(b); err == nil {
		a.Val = nil
		return rest, nil
	}
	n, b, err := msgp.ReadArrayHeaderBytes(b)
	if err != nil {
		return b, err
	}
	a.Val = make([]PT, 0, n)
	for i := uint32(0); i < n; i++ {
		v := PT(new(T))
		if b, err = v.UnmarshalMsg(b); err != nil {
			return b, err
		}
		a.Val = append(a.Val, v)
	}
	return b, nil
}

var _ = errors.New

// The generated code for GridUse also needs the streaming and sizing
// methods; they simply go through MarshalMsg/UnmarshalMsg.

func encodeVia(m msgp.Marshaler, w *msgp.Writer) error {
	b, err := m.MarshalMsg(nil)
	if err != nil {
		return err
	}
	return w.Append(b...)
}

func decodeVia(u msgp.Unmarshaler, r *msgp.Reader) error {
	var buf bytes.Buffer
	if _, err := r.CopyNext(&buf); err != nil {
		return err
	}
	_, err := u.UnmarshalMsg(buf.Bytes())
	return err
}

func sizeVia(m msgp.Marshaler) int {
	b, _ := m.MarshalMsg(nil)
	return len(b)
}

func (m *MSS) EncodeMsg(w *msgp.Writer) error       { return encodeVia(m, w) }
func (m *MSS) DecodeMsg(r *msgp.Reader) error       { return decodeVia(m, r) }
func (m *MSS) Msgsize() int                         { return sizeVia(m) }
func (x *Bytes) EncodeMsg(w *msgp.Writer) error     { return encodeVia(x, w) }
func (x *Bytes) DecodeMsg(r *msgp.Reader) error     { return decodeVia(x, r) }
func (x *Bytes) Msgsize() int                       { return sizeVia(x) }
func (u URLValues) EncodeMsg(w *msgp.Writer) error  { return encodeVia(u, w) }
func (u *URLValues) DecodeMsg(r *msgp.Reader) error { return decodeVia(u, r) }
func (u URLValues) Msgsize() int                    { return sizeVia(u) }
