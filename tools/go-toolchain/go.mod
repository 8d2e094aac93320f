// The Go toolchain that builds FerretDB on a machine whose own Go is too old
// (Debian 12's golang-go is 1.19; FerretDB v1.24.2 needs 1.24).  Go
// publishes its toolchains as the module golang.org/toolchain on the module
// proxy; scripts/common.sh downloads this one with whatever go there is and
// go.sum below verifies it.  Nothing else is built with it.
module smartbank/tools/go-toolchain

go 1.19
