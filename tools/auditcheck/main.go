// smartbank-auditcheck -- checks smartbank's audit trail from outside the
// bank, with the reference implementations of the formats rather than
// smartbank's own code: signed checkpoints with golang.org/x/mod/sumdb/note
// (C2SP signed-note, Ed25519), proofs with github.com/transparency-dev/merkle
// (RFC 6962/9162).
//
//	smartbank-auditcheck -url URL -key VERIFIER-KEY -token-file FILE
//	    [-cacert FILE] [-inclusion] [RECORDED-FILE...]
//
// It fetches the latest checkpoint (GET /audit/checkpoint) and verifies its
// signature.  Each RECORDED-FILE holds checkpoints recorded earlier, one
// after another as a cron line appends them (see the README).  Every one
// must be signed by the key, no larger than the latest, and the log must
// still extend it: a consistency proof from its size to the latest, and to
// the next recorded size, verified against both signed roots.  With
// -inclusion, entries 0, 1, the middle one and the last two of each
// recorded tree are shown to be in it (inclusion proofs against its signed
// root).  Exit status 0 when everything verifies, 1 at the first failure
// (printed), 2 for a usage error.
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// A checkpoint whose signature verified: C2SP tlog-checkpoint's first
// three lines.
type checkpoint struct {
	origin string
	size   uint64
	root   []byte
}

type client struct {
	base  string
	token string
	http  *http.Client
}

func (c *client) get(path string, out any) error {
	req, err := http.NewRequest("GET", c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, bytes.TrimSpace(body))
	}
	if s, ok := out.(*[]byte); ok {
		*s = body
		return nil
	}
	return json.Unmarshal(body, out)
}

func decodeHashes(in []string) ([][]byte, error) {
	out := make([][]byte, len(in))
	for i, s := range in {
		h, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(h) != 32 {
			return nil, fmt.Errorf("hash %d of the proof is not a base64 SHA-256", i)
		}
		out[i] = h
	}
	return out, nil
}

// open verifies a signed note and parses the checkpoint in it.
func open(text []byte, v note.Verifier) (checkpoint, error) {
	var cp checkpoint
	n, err := note.Open(text, note.VerifierList(v))
	if err != nil {
		return cp, fmt.Errorf("signature: %w", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return cp, errors.New("not a checkpoint: fewer than three lines")
	}
	cp.origin = lines[0]
	if cp.origin != v.Name() {
		return cp, fmt.Errorf("origin %q is not the key's %q", cp.origin, v.Name())
	}
	if cp.size, err = strconv.ParseUint(lines[1], 10, 64); err != nil ||
		strconv.FormatUint(cp.size, 10) != lines[1] {
		return cp, fmt.Errorf("tree size %q is not a decimal number", lines[1])
	}
	if cp.root, err = base64.StdEncoding.DecodeString(lines[2]); err != nil || len(cp.root) != 32 {
		return cp, fmt.Errorf("root %q is not a base64 SHA-256", lines[2])
	}
	return cp, nil
}

// splitNotes cuts a file of appended signed notes into notes: a note is its
// text, a blank line and one or more signature lines ("— name sig").
func splitNotes(data []byte) [][]byte {
	var notes [][]byte
	var cur bytes.Buffer
	inSigs := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		isSig := strings.HasPrefix(line, "\u2014 ")
		if inSigs && !isSig {
			notes = append(notes, append([]byte(nil), cur.Bytes()...))
			cur.Reset()
			inSigs = false
		}
		if line == "" && cur.Len() == 0 {
			continue
		}
		cur.WriteString(line + "\n")
		if isSig {
			inSigs = true
		}
	}
	if cur.Len() > 0 {
		notes = append(notes, cur.Bytes())
	}
	return notes
}

type checker struct {
	c         *client
	verifier  note.Verifier
	inclusion bool
	proofs    int
}

func (k *checker) consistent(a, b checkpoint) error {
	if a.size == b.size {
		if !bytes.Equal(a.root, b.root) {
			return fmt.Errorf("two checkpoints of size %d with different roots", a.size)
		}
		return nil
	}
	var r struct {
		From  uint64   `json:"from"`
		To    uint64   `json:"to"`
		Proof []string `json:"proof"`
	}
	if err := k.c.get(fmt.Sprintf("/audit/proof/consistency?from=%d&to=%d", a.size, b.size), &r); err != nil {
		return err
	}
	p, err := decodeHashes(r.Proof)
	if err != nil {
		return err
	}
	if r.From != a.size || r.To != b.size {
		return fmt.Errorf("asked for %d..%d, answered %d..%d", a.size, b.size, r.From, r.To)
	}
	if err := proof.VerifyConsistency(rfc6962.DefaultHasher, a.size, b.size, p, a.root, b.root); err != nil {
		return fmt.Errorf("the tree of size %d does not extend the one of size %d: %w", b.size, a.size, err)
	}
	k.proofs++
	return nil
}

func (k *checker) included(cp checkpoint) error {
	seqs := map[uint64]bool{0: true, cp.size / 2: true, cp.size - 1: true}
	if cp.size > 2 {
		seqs[1], seqs[cp.size-2] = true, true
	}
	var order []uint64
	for s := range seqs {
		order = append(order, s)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, seq := range order {
		var r struct {
			Seq      uint64   `json:"seq"`
			TreeSize uint64   `json:"tree_size"`
			LeafHash string   `json:"leaf_hash"`
			Proof    []string `json:"proof"`
		}
		if err := k.c.get(fmt.Sprintf("/audit/proof/inclusion?seq=%d&size=%d", seq, cp.size), &r); err != nil {
			return err
		}
		leaf, err := base64.StdEncoding.DecodeString(r.LeafHash)
		if err != nil || len(leaf) != 32 {
			return fmt.Errorf("entry %d: leaf_hash is not a base64 SHA-256", seq)
		}
		p, err := decodeHashes(r.Proof)
		if err != nil {
			return err
		}
		if r.Seq != seq || r.TreeSize != cp.size {
			return fmt.Errorf("asked for entry %d in %d, answered %d in %d", seq, cp.size, r.Seq, r.TreeSize)
		}
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, seq, cp.size, leaf, p, cp.root); err != nil {
			return fmt.Errorf("entry %d is not in the tree of size %d: %w", seq, cp.size, err)
		}
		k.proofs++
	}
	return nil
}

func (k *checker) run(files []string) error {
	var text []byte
	if err := k.c.get("/audit/checkpoint", &text); err != nil {
		return err
	}
	latest, err := open(text, k.verifier)
	if err != nil {
		return fmt.Errorf("latest checkpoint: %w", err)
	}
	var recorded []checkpoint
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for i, n := range splitNotes(data) {
			cp, err := open(n, k.verifier)
			if err != nil {
				return fmt.Errorf("%s: checkpoint %d: %w", f, i+1, err)
			}
			if cp.size > latest.size {
				return fmt.Errorf("%s: checkpoint %d: size %d is beyond the latest (%d): the log shrank",
					f, i+1, cp.size, latest.size)
			}
			recorded = append(recorded, cp)
		}
	}
	sort.SliceStable(recorded, func(i, j int) bool { return recorded[i].size < recorded[j].size })
	for i, cp := range recorded {
		if i+1 < len(recorded) {
			if err := k.consistent(cp, recorded[i+1]); err != nil {
				return err
			}
		}
		if err := k.consistent(cp, latest); err != nil {
			return err
		}
		if k.inclusion {
			if err := k.included(cp); err != nil {
				return err
			}
		}
	}
	fmt.Printf("latest checkpoint: %s, size %d, root %x\n", latest.origin, latest.size, latest.root)
	fmt.Printf("%d recorded checkpoint(s) verified, %d proof(s) checked\n", len(recorded), k.proofs)
	return nil
}

func main() {
	url := flag.String("url", "", "smartbank's base URL, e.g. https://kyc.bank.example")
	key := flag.String("key", "", "verifier key, as smartbank-admin audit-key prints it")
	tokenFile := flag.String("token-file", "", "file holding an auditor's bearer token")
	cacert := flag.String("cacert", "", "PEM file of the CA that signed the server's certificate")
	inclusion := flag.Bool("inclusion", false, "also check inclusion proofs in each recorded tree")
	flag.Parse()
	if *url == "" || *key == "" || *tokenFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	fail := func(err error) {
		fmt.Fprintf(os.Stderr, "smartbank-auditcheck: %v\n", err)
		os.Exit(1)
	}
	v, err := note.NewVerifier(*key)
	if err != nil {
		fail(fmt.Errorf("verifier key: %w", err))
	}
	tok, err := os.ReadFile(*tokenFile)
	if err != nil {
		fail(err)
	}
	tr := &http.Transport{}
	if *cacert != "" {
		pem, err := os.ReadFile(*cacert)
		if err != nil {
			fail(err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			fail(fmt.Errorf("%s: no certificate", *cacert))
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	k := &checker{
		c: &client{base: strings.TrimRight(*url, "/"), token: strings.TrimSpace(string(tok)),
			http: &http.Client{Transport: tr, Timeout: 30 * time.Second}},
		verifier:  v,
		inclusion: *inclusion,
	}
	if err := k.run(flag.Args()); err != nil {
		fail(err)
	}
}
