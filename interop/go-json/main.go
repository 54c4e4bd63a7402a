// Go's encoding/json output for the cases test/generator/go-json.test.ts
// checks runtime/go-json.ts against: one line per case, `enc <json>` for an
// encoded value, `dec <json>` (the decoded value re-encoded) for a decoded
// text, `err` where Go refuses either. Standard library only.
// Run: cd interop/go-json && go run main.go
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

type Inner struct {
	X int32
	Y string
}

type Sample struct {
	I64 int64
	U64 uint64
	I8  int8
	F32 float32
	F64 float64
	B   []byte
	A   [3]byte
	N   json.Number
	S   string
	P   *Inner
	M   map[string]int64
	L   []uint64
}

// More holds the shapes whose Unmarshal rules are easy to get wrong:
// merging into maps, null for containers, float32 range, base64, time.
type More struct {
	M   map[string]Inner
	N   map[string]int64
	B   []byte
	F   float32
	T   time.Time
	Num json.Number
	U   uint64
	S   string
	L   []Inner
	A   any
}

func enc(v any) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	if err := e.Encode(v); err != nil {
		fmt.Println("err")
		return
	}
	fmt.Printf("enc %s", buf.String())
}

func dec(text string) {
	var s Sample
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		fmt.Println("err")
		return
	}
	out, _ := json.Marshal(s)
	fmt.Printf("dec %s\n", out)
}

// decMore prints More decoded from text, re-encoded with the time in UTC
// (grid carries times as UTC instants; Go would keep the parsed offset).
func decMore(text string) {
	var m More
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		fmt.Println("err")
		return
	}
	m.T = m.T.UTC()
	out, err := json.Marshal(m)
	if err != nil {
		fmt.Println("err")
		return
	}
	fmt.Printf("dec %s\n", out)
}

func main() {
	enc(Sample{
		I64: math.MinInt64, U64: math.MaxUint64, I8: -128, F32: 0.1, F64: 1e21,
		B: []byte{1, 2, 3}, A: [3]byte{1, 2, 3}, N: "12.5e3", S: "<a&b>\u2028\b\f\"\\",
		M: map[string]int64{"b": 1, "a": 9007199254740993, "é": -1}, L: []uint64{9007199254740993},
	})
	enc(Sample{I64: 9007199254740993, F32: 3.4028235e38, F64: 1e-7, B: []byte{}, P: &Inner{X: -1, Y: "é"}, M: map[string]int64{}, L: []uint64{}})
	enc(Sample{F32: 16777217, F64: 123456789.125, N: ""})
	dec(`{"i64": 9007199254740993, "u64": 18446744073709551615, "p": {"x": 7}}`)
	dec(`{"I64": 1.5}`)
	dec(`{"I64": 1e3}`)
	dec(`{"U64": -1}`)
	dec(`{"I8": 128}`)
	dec(`{"I64": 9223372036854775808}`)
	dec(`{"A": [1, 2, 3, 4], "N": "12", "F32": 0.1, "Unknown": [1, {"x": null}]}`)
	dec(`{"A": [9]}`)
	dec(`{"I64": "5"}`)
	dec(`{"S": "a", "S": "b", "s": "c"}`)
	dec(`{"B": "AQID", "M": {"k": 9223372036854775807}, "L": null, "P": null}`)
	dec(`{"B": "not base64!"}`)
	// float32 shortest digits at every power of two
	var p2 []float32
	for e := -149; e <= 127; e++ {
		p2 = append(p2, float32(math.Ldexp(1, e)))
	}
	enc(p2)
	// exact ties between the two shortest candidates: Go takes the even digit
	enc([]float32{2904722.25, 222219.625, -3124245.25, 0.1, 16777216, 1.5e-45, 3.4028235e38})
	enc(More{T: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	enc(More{T: time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC)})
	enc(More{T: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)})
	enc(More{T: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)})
	decMore(`{"M":{"a":{"X":1},"a":{"Y":"y"}}}`)
	decMore(`{"M":{"a":{"X":1},"a":null}}`)
	decMore(`{"N":{"a":1},"N":{"b":2}}`)
	decMore(`{"N":{"a":1},"N":null,"B":"AQ==","B":null}`)
	decMore(`{"F":1e39}`)
	decMore(`{"F":-1e39}`)
	decMore(`{"F":3.4028235e38}`)
	decMore(`{"F":1.00000005960464477539062500001}`)
	decMore(`{"F":1.000000059604644775390625}`)
	decMore(`{"F":1.00000017881393432617187499999}`)
	decMore(`{"F":3.4028235677973366e38}`)
	decMore(`{"F":3.40282356779733661e38}`)
	decMore(`{"F":-3.40282356779733661e38}`)
	decMore(`{"F":3.4028235677973366163753939545814256845e38}`)
	decMore(`{"F":7.006492321624085e-46}`)
	decMore(`{"F":7.0064923216240854e-46}`)
	decMore(`{"Num":""}`)
	decMore(`{"Num":"-1.5e3"}`)
	decMore(`{"U":-0}`)
	decMore(`{"U":0}`)
	decMore(`{"B":"QUJD\r\nREVG"}`)
	decMore(`{"B":"QUJD\nREVGRw=\n="}`)
	decMore(`{"B":"QUJDRA"}`)
	decMore("{\"S\":\"a\xffb\xe2\x82c\xed\xa0\x80d\xf4\x90\x80\x80e\xc0\xaff\xe2\x82\xac\"}")
	decMore("{\"M\":{\"k\xfe\":{\"Y\":\"\xf0\x9f\x98\"}}}")
	decMore("{\"S\":1\xff}")
	decMore("\xef\xbb\xbf{}")
	decMore("{\"S\":\"\xef\xbb\xbf\"}")
	decMore(`{"T":"2024-01-01T00:00:00.1234567891Z"}`)
	decMore(`{"T":"2024-02-29T23:59:59.5+01:30"}`)
	decMore(`{"T":"2024-02-30T00:00:00Z"}`)
	decMore(`{"T":"2023-02-29T00:00:00Z"}`)
	decMore(`{"T":"2000-02-29T00:00:00Z"}`)
	decMore(`{"T":"1900-02-29T00:00:00Z"}`)
	decMore(`{"T":"2024-04-31T00:00:00Z"}`)
	decMore(`{"T":"2024-01-01T24:00:00Z"}`)
	decMore(`{"T":"2024-01-01T00:60:00Z"}`)
	decMore(`{"T":"2024-01-01T00:00:60Z"}`)
	decMore(`{"T":"2024-13-01T00:00:00Z"}`)
	decMore(`{"T":"2024-00-01T00:00:00Z"}`)
	decMore(`{"T":"2024-01-00T00:00:00Z"}`)
	decMore(`{"T":"0000-01-01T00:00:00Z"}`)
	decMore(`{"T":"0000-01-01T00:00:00+01:00"}`)
	decMore(`{"T":"2024-01-01T00:00:00+24:00"}`)
	decMore(`{"T":"2024-01-01T00:00:00+23:60"}`)
	decMore(`{"T":"2024-01-01T00:00:00+25:00"}`)
	decMore(`{"T":"2024-01-01T00:00:00-00:61"}`)
	decMore(`{"T":"2024-01-01T00:00:00-24:60"}`)
	decMore(`{"T":"2024-01-01T7:08:09Z"}`)
	decMore(`{"T":"2024-01-01T00:00:00,5Z"}`)
	decMore(`{"T":"2024-01-01t00:00:00z"}`)
	decMore(`{"T":"2024-01-01T00:00:00.Z"}`)
	decMore(`{"T":"2024-01-01T00:00:00"}`)
	decMore(`{"T":null}`)
	decMore(`{"L":[{"X":1},{"X":2}],"L":[{"Y":"a"}]}`)
	decMore(`{"L":[{"X":1}],"L":null,"L":[{"Y":"a"}]}`)
	decMore(`{"L":[{"X":1}],"L":[null,{"X":2}]}`)
	decMore(`{"A":1e400}`)
	decMore(`{"A":{"a":[1,"x",null,true,1.5e300,{}]}}`)
}
