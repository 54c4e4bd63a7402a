module gridgen/interop

go 1.22

require github.com/tinylib/msgp v1.2.5

require github.com/philhofer/fwd v1.1.3-0.20240916144458-20a13a1f6b7c // indirect
