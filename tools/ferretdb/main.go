// Command smartbank-ferretdb runs FerretDB v1.24.2 on its SQLite backend as
// smartbank's local and test database, on a unix socket only its owner can
// open (or, if asked, on TCP).
//
// It embeds github.com/FerretDB/FerretDB/ferretdb instead of building
// cmd/ferretdb, whose start-up panics when built from the module download
// (build/version/version.txt is missing; FerretDB issue 2982).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "", "TCP address to listen on (none by default)")
	unix := flag.String("listen-unix", "", "unix socket to listen on, mode 0600 (only its owner can connect)")
	dataDir := flag.String("data-dir", "", "directory for the SQLite files (created if missing)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "smartbank-ferretdb: -data-dir is required")
		os.Exit(2)
	}
	if *listen == "" && *unix == "" {
		fmt.Fprintln(os.Stderr, "smartbank-ferretdb: -listen-unix or -listen-addr is required")
		os.Exit(2)
	}
	// The socket (and the data) are the service's alone: anyone who can
	// connect can read every password hash and document.
	syscall.Umask(0o077)
	if *unix != "" {
		// A socket left by a process that died would refuse the listen.
		if fi, err := os.Lstat(*unix); err == nil && fi.Mode()&os.ModeSocket != 0 {
			_ = os.Remove(*unix)
		}
	}
	dir, err := filepath.Abs(*dataDir)
	// FerretDB finds the databases of a directory by globbing it
	// (internal/backends/sqlite/metadata/pool/pool.go): in a path with glob
	// characters it finds none after a restart, and the data seems lost.
	if err == nil && strings.ContainsAny(dir, "*?[\\") {
		fmt.Fprintf(os.Stderr, "smartbank-ferretdb: -data-dir must not contain * ? [ or \\: %s\n", dir)
		os.Exit(2)
	}
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "smartbank-ferretdb: data dir: %v\n", err)
		os.Exit(1)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "smartbank-ferretdb: -log-level: %v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen, Unix: *unix},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "smartbank-ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(os.Stderr, "smartbank-ferretdb: %v\n", err)
		os.Exit(1)
	}
}
