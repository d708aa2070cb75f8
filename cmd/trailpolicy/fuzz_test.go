package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
)

// FuzzReadExisting reads arbitrary bytes as the existing policy of
// -merge-into, diff and check -identity, of any kind, with and without the
// AWS CLI's wrappers (that of describe-policy for SCPs and RCPs). Invariants: no panic; an error comes with no document,
// and each of its problems is at most 2,000 bytes whatever the input; a
// document read has at least one statement, came from input without a key
// given twice, fits its kind, and reads back the same from its own JSON.
func FuzzReadExisting(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/R"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/*"}]}`,
		`{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}","PolicyName":"default"}`,
		`{"Policy":"{}","Statement":[]}`,
		`{"Statement":[],"Statement":[{}]}`,
		`null`, `{}`, `[]`, `"x"`, `{"Policy":null}`, `{"Version":"2012-10-17","Statement":null}`,
	} {
		for k := range 5 {
			f.Add([]byte(s), uint8(k), true)
		}
		f.Add([]byte(s), uint8(0), false)
	}
	// aws organizations describe-policy's output, for an SCP (kind 4) and
	// an RCP (kind 5).
	for _, s := range []string{
		`{"Policy":{"PolicySummary":{"Id":"p-examplescp1","Type":"SERVICE_CONTROL_POLICY","AwsManaged":false},"Content":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}]}"}}`,
		`{"Policy":{"PolicySummary":{"Type":"RESOURCE_CONTROL_POLICY"},"Content":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}}`,
		`{"Policy":{"Content":null,"Extra":{}}}`,
	} {
		f.Add([]byte(s), uint8(4), true)
		f.Add([]byte(s), uint8(5), true)
	}
	kinds := policy.Kinds()
	f.Fuzz(func(t *testing.T, data []byte, kind uint8, wrapped bool) {
		k := kinds[int(kind)%len(kinds)]
		d, err := readExisting(k, data, wrapped)
		if err != nil {
			if d != nil {
				t.Fatalf("a document came back with the error %v", err)
			}
			for _, e := range policy.Unjoin(err) {
				if n := len(e.Error()); n > 2000 {
					t.Errorf("a problem of %d bytes: %.300q", n, e.Error())
				}
			}
			return
		}
		if d == nil || len(d.Statements) == 0 {
			t.Fatalf("read a policy without statements: %+v", d)
		}
		if d.Kind != k {
			t.Fatalf("read a %v, asked for a %v", d.Kind, k)
		}
		if dups, _ := jsonstrict.Duplicates(data, jsonstrict.Options{}); len(dups) > 0 && !wrapped {
			t.Fatalf("read a document with a duplicate key: %v", dups[0])
		}
		if err := checkKind(d); err != nil {
			t.Fatalf("read a document of the wrong kind: %v", err)
		}
		out, err := d.JSON()
		if err != nil {
			return // rendering checks what reading does not; not this reader's concern
		}
		again, err := readExisting(k, out, false)
		if err != nil {
			t.Fatalf("the document read does not read back from its JSON: %v\n%s", err, out)
		}
		if diff := cmp.Diff(d.Canonical(), again.Canonical()); diff != "" {
			t.Errorf("the document changed through its JSON (-first +again):\n%s", diff)
		}
	})
}

// FuzzOut runs "trailpolicy -config SETUP -format F -out DIR all" into a
// DIR the fuzzer lays out: each pair of bytes of layout puts an entry named
// as one of the outputs (or another name) into DIR: an old regular file, a
// symbolic link to a file outside DIR, a dangling link, a directory, or a
// link to a directory outside; the first byte's top bit makes DIR itself a
// link. The setups are fixed (FuzzLoadSetup fuzzes those): valid ones, one
// that cannot be rendered as JSON (createKey) and an invalid one.
// Invariants: nothing outside DIR is written or created; no temporary file
// is left; on failure DIR holds exactly what it held before; on success
// every path printed is a regular file in DIR, none of them was a link, a
// directory or anything but a regular file before, and every other entry
// is as it was.
func FuzzOut(f *testing.F) {
	setups := []string{
		exampleCorp,
		"bucket: example-ct-logs\naccounts: [\"123456789012\"]\nscp: {omit: true}\n",
		"bucket: example-ct-logs\nlogArchiveAccount: \"123456789012\"\norganization: {id: o-a1b2c3d4e5, managementAccount: \"999988887777\"}\ncreateKey: true\nbucketRegion: us-east-1\n",
		"bucket: example-ct-logs\naccounts: [12345]\n",
	}
	names := []string{"bucket-policy.json", "key-policy.json", "vendor-trust-policy.json", "vendor-read-policy.json", "scp.json", "all.json",
		"providers.tf", "log-archive-account.tf", "management-account.tf", "log-archive-account.yaml", "management-account.yaml",
		"log-archive-account.json", "management-account.json", "unrelated.json", ".bucket-policy.json.tmp-1"}
	for s := range setups {
		for format := range formatNames {
			f.Add(uint8(s), uint8(format), []byte{})
			f.Add(uint8(s), uint8(format), []byte{0, 1, 4, 0, 6, 2, 1, 3, 9, 4})
			f.Add(uint8(s), uint8(format), []byte{0x80})
		}
	}
	f.Fuzz(func(t *testing.T, setupIndex, format uint8, layout []byte) {
		root := t.TempDir()
		dir, outside := filepath.Join(root, "out"), filepath.Join(root, "outside")
		for _, d := range []string{dir, outside, filepath.Join(outside, "dir")} {
			if err := os.Mkdir(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		victim := filepath.Join(outside, "victim")
		if err := os.WriteFile(victim, []byte("victim\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := filepath.Join(root, "setup.yaml")
		if err := os.WriteFile(cfg, []byte(setups[int(setupIndex)%len(setups)]), 0o644); err != nil {
			t.Fatal(err)
		}
		outArg := dir
		if len(layout) > 0 && layout[0]&0x80 != 0 {
			outArg = filepath.Join(root, "linked")
			if err := os.Symlink(dir, outArg); err != nil {
				t.Skipf("no symlinks: %v", err)
			}
		}
		for i := 0; i+1 < len(layout) && i < 16; i += 2 {
			p := filepath.Join(dir, names[int(layout[i]&0x7f)%len(names)])
			if _, err := os.Lstat(p); err == nil {
				continue // one entry per name
			}
			var err error
			switch layout[i+1] % 5 {
			case 0:
				err = os.WriteFile(p, []byte("old\n"), 0o644)
			case 1:
				err = os.Symlink(victim, p)
			case 2:
				err = os.Symlink(filepath.Join(outside, "created"), p)
			case 3:
				err = os.Mkdir(p, 0o755)
			case 4:
				err = os.Symlink(filepath.Join(outside, "dir"), p)
			}
			if err != nil {
				t.Skipf("layout: %v", err)
			}
		}
		before, outsideBefore := snapshot(t, dir), snapshot(t, outside)

		var stdout, stderr bytes.Buffer
		code := run([]string{"-config", cfg, "-format", formatNames[int(format)%len(formatNames)], "-out", outArg, "all"}, nil, &stdout, &stderr)

		if diff := cmp.Diff(outsideBefore, snapshot(t, outside)); diff != "" {
			t.Fatalf("exit %d, and a file outside -out changed (-before +after):\n%s", code, diff)
		}
		if sub := snapshot(t, filepath.Join(outside, "dir")); len(sub) != 0 {
			t.Fatalf("written through a linked directory: %v", sub)
		}
		after := snapshot(t, dir)
		for name := range after {
			if strings.Contains(name, ".tmp-") && before[name] == "" {
				t.Errorf("a temporary file is left: %s", name)
			}
		}
		if code != exitOK {
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("exit %d, and -out changed (-before +after):\n%s\nstderr: %s", code, diff, stderr.String())
			}
			return
		}
		if outArg != dir {
			t.Fatalf("wrote into a DIR that is a symbolic link")
		}
		printed := map[string]bool{}
		for _, p := range strings.Fields(stdout.String()) {
			name := filepath.Base(p)
			printed[name] = true
			if filepath.Dir(p) != dir {
				t.Errorf("printed %s, outside -out", p)
			}
			if old, ok := before[name]; ok && old != "old\n" {
				t.Errorf("replaced %s, which was %q", p, old)
			}
			if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
				t.Errorf("printed %s, which is not a regular file: %v", p, err)
			}
		}
		for name, was := range before {
			if !printed[name] && after[name] != was {
				t.Errorf("%s is not an output but changed from %q to %q", name, was, after[name])
			}
		}
	})
}

// snapshot maps the names in dir to their content: "-> target" for a
// link, "dir" for a directory.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[e.Name()] = "-> " + target
		case e.IsDir():
			out[e.Name()] = "dir"
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				b = []byte("unreadable: " + err.Error())
			}
			out[e.Name()] = string(b)
		}
	}
	return out
}
