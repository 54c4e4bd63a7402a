package modern

// Helpers for types.go; not fed to the generator.

// Celsius is encoded as a float64 through the replace directive.
type Celsius float64

// IsZero drives the omitzero tag option (it must handle a nil receiver
// because it is also called on *Money fields).
func (m *Money) IsZero() bool { return m == nil || (m.Units == 0 && m.Nanos == 0) }
