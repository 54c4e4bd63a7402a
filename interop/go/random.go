package main

// Seeded random values for any golden type, built by walking the Go type with
// reflection. The values are chosen so that msgp's own decode + re-encode
// gives the same bytes back (the property the round-trip test checks): no NaN
// payloads other than the canonical quiet NaN, valid UTF-8 strings, json.Number
// texts in the form msgp prints them, Level values the shim can read back.

import (
	"encoding/json"
	"math"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/tinylib/msgp/msgp"

	"gridgen/interop/golden"
)

type filler struct {
	r *rand.Rand
}

var (
	timeType     = reflect.TypeOf(time.Time{})
	durationType = reflect.TypeOf(time.Duration(0))
	numberType   = reflect.TypeOf(json.Number(""))
	rawType      = reflect.TypeOf(msgp.Raw(nil))
	levelType    = reflect.TypeOf(golden.Level(0))
	ext42Type    = reflect.TypeOf(golden.Ext42{})
	extNegType   = reflect.TypeOf(golden.ExtNeg{})
	jsonMapType  = reflect.TypeOf(golden.JSON[map[string]interface{}]{})
)

// fillValue sets v (addressable) to a random value of its type.
func (f *filler) fillValue(v reflect.Value, depth int) {
	t := v.Type()
	switch t {
	case timeType:
		v.Set(reflect.ValueOf(f.time()))
		return
	case durationType:
		v.SetInt(f.int64())
		return
	case numberType:
		v.SetString(f.number())
		return
	case rawType:
		if f.r.Intn(4) == 0 {
			v.SetBytes(nil)
			return
		}
		b, err := msgp.AppendIntf(nil, f.intf(depth+1))
		if err != nil {
			panic(err)
		}
		v.SetBytes(b)
		return
	case levelType:
		v.SetInt(int64(f.r.Intn(12) - 4))
		return
	case ext42Type, extNegType:
		v.Field(0).SetBytes(f.extData())
		return
	case jsonMapType:
		// JSON[map[string]interface{}]: only strings and bools inside, so
		// that the JSON text has one spelling in both languages.
		if f.r.Intn(4) == 0 {
			return
		}
		m := map[string]interface{}{}
		for i, n := 0, f.r.Intn(4); i < n; i++ {
			if f.r.Intn(2) == 0 {
				m[f.str()] = f.str()
			} else {
				m[f.str()] = f.r.Intn(2) == 0
			}
		}
		v.Field(0).Set(reflect.ValueOf(&m))
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(f.r.Intn(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		x := f.int64()
		x = x << (64 - bits) >> (64 - bits) // keep it in range of the width
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		bits := t.Bits()
		x := f.uint64()
		x = x << (64 - bits) >> (64 - bits)
		v.SetUint(x)
	case reflect.Float32:
		v.SetFloat(float64(float32(f.float())))
	case reflect.Float64:
		v.SetFloat(f.float())
	case reflect.Complex64:
		v.SetComplex(complex128(complex64(complex(f.float(), f.float()))))
	case reflect.Complex128:
		v.SetComplex(complex(f.float(), f.float()))
	case reflect.String:
		v.SetString(f.str())
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			b := f.bytes()
			if b != nil || f.r.Intn(2) == 0 {
				v.Set(reflect.ValueOf(b).Convert(t))
			}
			return
		}
		if f.r.Intn(5) == 0 || depth > 4 {
			return // nil
		}
		n := f.count()
		if t.Elem().Kind() == reflect.Uint8 {
			n = f.r.Intn(5) // []uint8 written as an array of ints
		}
		s := reflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			f.fillValue(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Array:
		for i := 0; i < t.Len(); i++ {
			f.fillValue(v.Index(i), depth+1)
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String || f.r.Intn(5) == 0 || depth > 4 {
			return // nil; non-string keys are not encoded anyway
		}
		m := reflect.MakeMap(t)
		for i, n := 0, f.r.Intn(5); i < n; i++ {
			k := reflect.New(t.Key()).Elem()
			k.SetString(f.str())
			e := reflect.New(t.Elem()).Elem()
			f.fillValue(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		if f.r.Intn(3) == 0 || depth > 5 {
			return
		}
		p := reflect.New(t.Elem())
		f.fillValue(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			f.fillValue(v.Field(i), depth+1)
			if strings.Contains(sf.Tag.Get("msg"), "omitempty") {
				nilIfEmpty(v.Field(i))
			}
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			if x := f.intf(depth); x != nil {
				v.Set(reflect.ValueOf(x))
			}
		}
	case reflect.Chan, reflect.Func:
		// dropped by msgp
	}
}

// nilIfEmpty turns an empty non-nil slice or map into nil. msgp writes an
// empty non-nil omitempty field but reads it back as nil (then omits it), so
// such a value does not survive a round trip even in Go; and the TS mapping
// (T[] / Map without allownil) has no way to say "empty but not nil".
func nilIfEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		if !v.IsNil() && v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
		}
	}
}

// int64 draws from all magnitudes, weighting the encoding boundaries.
func (f *filler) int64() int64 {
	switch f.r.Intn(6) {
	case 0:
		edges := []int64{0, 1, -1, 127, 128, -32, -33, -128, -129, 255, 256, 32767, 32768, -32768, -32769,
			65535, 65536, math.MaxInt32, math.MaxInt32 + 1, math.MinInt32, math.MinInt32 - 1,
			math.MaxInt64, math.MinInt64}
		return edges[f.r.Intn(len(edges))]
	default:
		bits := uint(f.r.Intn(64))
		x := int64(f.r.Uint64() >> (63 - bits) >> 1)
		if f.r.Intn(2) == 0 {
			x = -x - 1
		}
		return x
	}
}

func (f *filler) uint64() uint64 {
	if f.r.Intn(6) == 0 {
		edges := []uint64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxUint64}
		return edges[f.r.Intn(len(edges))]
	}
	bits := uint(f.r.Intn(65))
	if bits == 0 {
		return 0
	}
	return f.r.Uint64() >> (64 - bits)
}

func (f *filler) float() float64 {
	switch f.r.Intn(8) {
	case 0:
		edges := []float64{0, math.Copysign(0, -1), 1, -1, 1.5, math.Inf(1), math.Inf(-1),
			math.Float64frombits(0x7ff8000000000000), // the canonical quiet NaN (JS keeps it)
			math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat32, 16777216, 16777217, 0.1}
		return edges[f.r.Intn(len(edges))]
	case 1:
		return float64(f.r.Intn(2001) - 1000)
	default:
		return f.r.NormFloat64() * math.Pow(10, float64(f.r.Intn(40)-20))
	}
}

// str returns valid UTF-8 with a mix of ASCII, multi-byte runes and lengths
// around the str header boundaries.
func (f *filler) str() string {
	var n int
	switch f.r.Intn(10) {
	case 0:
		n = []int{31, 32, 255, 256}[f.r.Intn(4)]
	default:
		n = f.r.Intn(12)
	}
	var sb strings.Builder
	for sb.Len() < n {
		switch f.r.Intn(8) {
		case 0:
			sb.WriteRune(rune(0x80 + f.r.Intn(0x780))) // 2 bytes
		case 1:
			sb.WriteRune([]rune{'€', 'к', 0x2028, 0x2029, '<', '>', '&', '"', '\\', '\n', 0}[f.r.Intn(11)])
		case 2:
			sb.WriteRune(rune(0x10000 + f.r.Intn(0x1000))) // 4 bytes, a surrogate pair in JS
		default:
			sb.WriteByte(byte(0x20 + f.r.Intn(0x5f)))
		}
	}
	return sb.String()
}

func (f *filler) bytes() []byte {
	switch f.r.Intn(10) {
	case 0:
		return nil
	case 1:
		return []byte{}
	case 2:
		b := make([]byte, []int{255, 256, 300}[f.r.Intn(3)])
		f.r.Read(b)
		return b
	default:
		b := make([]byte, f.r.Intn(20))
		f.r.Read(b)
		return b
	}
}

func (f *filler) extData() []byte {
	n := []int{0, 1, 2, 3, 4, 8, 16, 17, 254, 255, 256, f.r.Intn(40)}[f.r.Intn(12)]
	b := make([]byte, n)
	f.r.Read(b)
	return b
}

func (f *filler) count() int {
	if f.r.Intn(12) == 0 {
		return 16 // array16 header
	}
	return f.r.Intn(5)
}

// time covers type-5 and all three newtime forms, including Go's zero time.
func (f *filler) time() time.Time {
	var sec int64
	switch f.r.Intn(6) {
	case 0:
		return time.Time{}
	case 1:
		sec = []int64{0, 1, -1, 4294967295, 4294967296, 1<<34 - 1, 1 << 34}[f.r.Intn(7)]
	case 2:
		sec = f.r.Int63n(1<<34) - 1<<30
	default:
		sec = f.r.Int63n(1 << 40)
		if f.r.Intn(3) == 0 {
			sec = -sec
		}
	}
	nsec := int64(0)
	if f.r.Intn(3) != 0 {
		nsec = f.r.Int63n(1e9)
	}
	return time.Unix(sec, nsec).UTC()
}

// number returns json.Number text that msgp decodes back to the same text:
// decimal int64s, and decimals that are not exact float32 values.
func (f *filler) number() string {
	switch f.r.Intn(4) {
	case 0:
		return strconv.FormatInt(f.int64(), 10)
	case 1:
		return "" // written as 0; only in omitempty fields it stays ""
	default:
		x := (f.r.Float64() + 0.001) * math.Pow(10, float64(f.r.Intn(6)))
		if f.r.Intn(2) == 0 {
			x = -x
		}
		if float64(float32(x)) == x {
			x += 1e-9
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
}

// intf returns a dynamic value whose msgp encoding survives decode+encode.
func (f *filler) intf(depth int) interface{} {
	k := f.r.Intn(14)
	if depth > 3 && k >= 12 {
		k = 0
	}
	switch k {
	case 0:
		return nil
	case 1:
		return f.r.Intn(2) == 0
	case 2:
		return f.int64()
	case 3:
		return f.uint64()
	case 4:
		return float32(f.float())
	case 5:
		return f.float()
	case 6:
		return f.str()
	case 7:
		b := f.bytes()
		if b == nil {
			b = []byte{}
		}
		return b
	case 8:
		return f.time()
	case 9:
		return complex64(complex(f.float(), f.float()))
	case 10:
		return complex(f.float(), f.float())
	case 11:
		return int8(f.int64())
	case 12:
		n := f.r.Intn(4)
		s := make([]interface{}, n)
		for i := range s {
			s[i] = f.intf(depth + 1)
		}
		return s
	default:
		m := map[string]interface{}{}
		for i, n := 0, f.r.Intn(4); i < n; i++ {
			m[f.str()] = f.intf(depth + 1)
		}
		return m
	}
}

// randomValue builds one random value of a registered type.
func randomValue(r *rand.Rand, name string) (codec, error) {
	mk, ok := registry[name]
	if !ok {
		return nil, errUnknownType(name)
	}
	v := mk()
	f := &filler{r: r}
	rv := reflect.ValueOf(v).Elem()
	if fillGridArray(f, rv) {
		return v, nil
	}
	f.fillValue(rv, 0)
	return v, nil
}

// fillGridArray fills Array[T, PT].Val with non-nil elements (a nil element
// would make MarshalMsg dereference nil); it reports whether rv was such a type.
func fillGridArray(f *filler, rv reflect.Value) bool {
	if rv.Kind() != reflect.Struct || !strings.HasPrefix(rv.Type().Name(), "Array[") {
		return false
	}
	if f.r.Intn(4) == 0 {
		return true // nil list
	}
	val := rv.Field(0)
	n := f.count()
	s := reflect.MakeSlice(val.Type(), n, n)
	for i := 0; i < n; i++ {
		p := reflect.New(val.Type().Elem().Elem())
		f.fillValue(p.Elem(), 1)
		s.Index(i).Set(p)
	}
	val.Set(s)
	return true
}
