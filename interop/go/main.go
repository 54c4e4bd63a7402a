// Command msgp-harness is the Go side of grid-gen's msgp conformance tests:
// the golden types compiled with code from the real tinylib/msgp generator
// (golden/ by v1.1.9, the version MinIO pins; modern/, newtime/, compact/ by
// v1.2.5, which the features they use need), driven over stdin/stdout so the
// TypeScript tests can check their codecs against Go's byte for byte.
//
// Usage:
//
//	msgp-harness serve              newline-delimited JSON requests on stdin, one answer line each
//	msgp-harness random -type T -n N -seed S    N random values of T, one hex per line
//	msgp-harness types              the registered type names, one per line
//
// Requests in serve mode:
//
//	{"type":"T","hex":"..."}                      -> {"ok":true,"hex":"..."} | {"ok":false,"error":"..."}
//	{"op":"roundtrip","type":"T","hexes":[...]}   -> {"ok":true,"results":[{"ok":..,"hex":..,"error":..}, ...]}
//	{"op":"random","type":"T","seed":S,"n":N}     -> {"ok":true,"hexes":[...]}
//
// A round trip decodes the bytes into a fresh zero value of T with
// UnmarshalMsg (trailing bytes are an error) and re-encodes it with MarshalMsg.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"sort"
)

type request struct {
	Op    string   `json:"op"`
	Type  string   `json:"type"`
	Hex   string   `json:"hex"`
	Hexes []string `json:"hexes"`
	Seed  int64    `json:"seed"`
	N     int      `json:"n"`
}

type result struct {
	Ok      bool     `json:"ok"`
	Hex     string   `json:"hex"`
	Error   string   `json:"error,omitempty"`
	Hexes   []string `json:"hexes"`
	Results []result `json:"results"`
}

type errUnknownType string

func (e errUnknownType) Error() string {
	return fmt.Sprintf("unknown type %q: the harness registers the names declared in schemas/golden/*.grid (run `msgp-harness types`)", string(e))
}

// roundtrip decodes b as typ and encodes the result again.
func roundtrip(typ string, b []byte) (out []byte, err error) {
	mk, ok := registry[typ]
	if !ok {
		return nil, errUnknownType(typ)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic while handling %s: %v", typ, p)
		}
	}()
	v := mk()
	rest, err := v.UnmarshalMsg(b)
	if err != nil {
		return nil, fmt.Errorf("UnmarshalMsg: %w", err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("UnmarshalMsg left %d trailing bytes", len(rest))
	}
	out, err = v.MarshalMsg(nil)
	if err != nil {
		return nil, fmt.Errorf("MarshalMsg: %w", err)
	}
	return out, nil
}

func roundtripHex(typ, h string) result {
	b, err := hex.DecodeString(h)
	if err != nil {
		return result{Error: "bad hex: " + err.Error()}
	}
	out, err := roundtrip(typ, b)
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{Ok: true, Hex: hex.EncodeToString(out)}
}

// randomHexes is reproducible: the stream depends only on seed and type name.
func randomHexes(typ string, seed int64, n int) ([]string, error) {
	h := fnv.New64a()
	h.Write([]byte(typ))
	r := rand.New(rand.NewSource(seed ^ int64(h.Sum64())))
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		v, err := randomValue(r, typ)
		if err != nil {
			return nil, err
		}
		b, err := v.MarshalMsg(nil)
		if err != nil {
			return nil, fmt.Errorf("MarshalMsg of random %s #%d: %w", typ, i, err)
		}
		out = append(out, hex.EncodeToString(b))
	}
	return out, nil
}

func handle(req request) result {
	switch req.Op {
	case "", "decode", "single":
		return roundtripHex(req.Type, req.Hex)
	case "roundtrip":
		res := result{Ok: true, Results: make([]result, len(req.Hexes))}
		for i, h := range req.Hexes {
			res.Results[i] = roundtripHex(req.Type, h)
		}
		return res
	case "random":
		hs, err := randomHexes(req.Type, req.Seed, req.N)
		if err != nil {
			return result{Error: err.Error()}
		}
		return result{Ok: true, Hexes: hs}
	default:
		return result{Error: fmt.Sprintf("unknown op %q: use roundtrip, random or none", req.Op)}
	}
}

func serve() int {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			var req request
			var res result
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				res = result{Error: "bad request line (want JSON {type, hex}): " + jerr.Error()}
			} else {
				res = handle(req)
			}
			if eerr := enc.Encode(res); eerr != nil {
				return 2
			}
			if eerr := out.Flush(); eerr != nil {
				return 2
			}
		}
		if err != nil {
			return 0
		}
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: msgp-harness serve | random -type T -n N -seed S | types")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		os.Exit(serve())
	case "types":
		names := make([]string, 0, len(registry))
		for n := range registry {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Println(n)
		}
	case "random":
		fs := flag.NewFlagSet("random", flag.ExitOnError)
		typ := fs.String("type", "", "type name from schemas/golden/*.grid")
		n := fs.Int("n", 10, "number of values")
		seed := fs.Int64("seed", 1, "seed; the same seed gives the same values")
		_ = fs.Parse(os.Args[2:])
		hs, err := randomHexes(*typ, *seed, *n)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, h := range hs {
			fmt.Println(h)
		}
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q: use serve, random or types\n", os.Args[1])
		os.Exit(2)
	}
}
