package compact

// File-wide directive: float64 values that a float32 represents exactly are
// written as float32. msgp 1.2.2+.

//msgp:compactfloats

type CompactFloats struct {
	F   float64
	F32 float32
	L   []float64
	I   interface{} // interface values are not compacted
}
