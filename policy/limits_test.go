package policy_test

import (
	"errors"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

func TestMostThatFit(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		limit  int // fits(k) holds for k <= limit
		want   int
		reason string
	}{
		{name: "all fit", n: 10, limit: 10, want: 10, reason: "the whole list fits"},
		{name: "more than all fit", n: 10, limit: 50, want: 10, reason: "the answer is at most n"},
		{name: "some fit", n: 120, limit: 50, want: 50, reason: "the largest k that fits"},
		{name: "one fits", n: 120, limit: 1, want: 1, reason: "the lower edge of the range"},
		{name: "none fit", n: 120, limit: 0, want: 0, reason: "the empty list fits, one item does not"},
		{name: "not even the empty list", n: 120, limit: -1, want: -1, reason: "the list is not what makes the document too large"},
		{name: "empty list", n: 0, limit: 0, want: 0, reason: "nothing to bisect"},
		{name: "one item fits", n: 1, limit: 1, want: 1, reason: "a list of one"},
		{name: "one item does not fit", n: 1, limit: 0, want: 0, reason: "a list of one that is too large"},
		{name: "few of many fit", n: 10000, limit: 48, want: 48, reason: "no probe builds thousands of items to find 48"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			calls, largest := 0, 0
			got := policy.MostThatFit(tc.n, func(k int) bool {
				calls++
				largest = max(largest, k)
				if k < 0 || k > tc.n {
					t.Errorf("fits(%d) called outside [0, %d]", k, tc.n)
				}
				return k <= tc.limit
			})
			if got != tc.want {
				t.Errorf("MostThatFit(%d) with limit %d = %d, want %d (%s)", tc.n, tc.limit, got, tc.want, tc.reason)
			}
			// Galloping, then bisection: about 2·log2(fit)+2 calls, never
			// one per item, and no probe past twice the answer, so the
			// work grows with how many fit, not with n.
			if maxCalls := 2 + 2*bitLen(max(tc.want, 0)+1); calls > maxCalls {
				t.Errorf("fits called %d times, want at most %d", calls, maxCalls)
			}
			if limit := max(1, 2*tc.want); largest > limit {
				t.Errorf("fits(%d) probed, want no probe past %d (twice the answer)", largest, limit)
			}
		})
	}
}

func bitLen(n int) int {
	b := 0
	for ; n > 0; n >>= 1 {
		b++
	}
	return b
}

func TestSizeErrorShapes(t *testing.T) {
	tests := []struct {
		name   string
		err    policy.SizeError
		want   string
		reason string
	}{
		{name: "whole document", err: policy.SizeError{Kind: policy.KindSCP, Size: 10250, Limit: 10240, Unit: "characters"},
			want:   "document: service control policy is 10250 characters in compact form, 10 over the limit of 10240",
			reason: "no list makes it grow: the plain message"},
		{name: "whole document with a hint", err: policy.SizeError{Kind: policy.KindSCP, Size: 10250, Limit: 10240, Unit: "characters", Hint: "shorten the role patterns"},
			want:   "document: service control policy is 10250 characters in compact form, 10 over the limit of 10240; shorten the role patterns",
			reason: "the hint follows a semicolon"},
		{name: "a list grows it", err: policy.SizeError{Kind: policy.KindBucketPolicy, Size: 25012, Limit: 20480, Unit: "bytes",
			Field: "accounts", Count: 120, Noun: "accounts", Fit: 50, Hint: "use an organization trail"},
			want:   `accounts: "120 accounts" make the bucket policy 25012 bytes in compact form, 4532 over the limit of 20480: 50 of them fit; use an organization trail`,
			reason: "names the field, how many items it holds and how many fit"},
		{name: "a list grows it, no hint", err: policy.SizeError{Kind: policy.KindKeyPolicy, Size: 32769, Limit: 32768, Unit: "bytes",
			Field: "readers", Count: 3, Noun: "readers", Fit: 2},
			want:   `readers: "3 readers" make the key policy 32769 bytes in compact form, 1 over the limit of 32768: 2 of them fit`,
			reason: "no trailing semicolon without a hint"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q\nwant      %q\n(%s)", got, tc.want, tc.reason)
			}
			if !errors.Is(&tc.err, policy.ErrSize) {
				t.Errorf("does not wrap ErrSize")
			}
		})
	}
}

func TestLimitsFits(t *testing.T) {
	small := policy.Limits{BucketPolicy: 500}
	if !small.Fits(padded(t, policy.KindBucketPolicy, 500, "a")) {
		t.Errorf("a document at exactly the limit does not fit")
	}
	if small.Fits(padded(t, policy.KindBucketPolicy, 501, "a")) {
		t.Errorf("a document one byte over the limit fits")
	}
	if !(policy.Limits{}).Fits(padded(t, policy.KindBucketPolicy, 501, "a")) {
		t.Errorf("zero Limits do not fall back to the defaults")
	}
	if (policy.Limits{}).Fits(policy.New(policy.Kind(0))) {
		t.Errorf("a document of an unknown kind, which has no limit, fits")
	}
}

func TestReplaceSizeErrors(t *testing.T) {
	size := &policy.SizeError{Kind: policy.KindBucketPolicy, Size: 30, Limit: 20, Unit: "bytes"}
	other := errors.New("another problem")
	got := policy.ReplaceSizeErrors(errors.Join(other, size), func(se *policy.SizeError) *policy.SizeError {
		return se.Blame("accounts", "accounts", 5, 3, "use an organization trail")
	})
	errs := policy.Unjoin(got)
	if len(errs) != 2 || errs[0] != other {
		t.Fatalf("got %q, want the other problem kept first and the size error replaced", got)
	}
	want := `accounts: "5 accounts" make the bucket policy 30 bytes in compact form, 10 over the limit of 20: 3 of them fit; use an organization trail`
	if errs[1].Error() != want || !errors.Is(errs[1], policy.ErrSize) {
		t.Errorf("replaced error = %q, want %q wrapping ErrSize", errs[1], want)
	}
	if size.Field != "" {
		t.Errorf("Blame changed the original: %+v", size)
	}
	if policy.ReplaceSizeErrors(nil, nil) != nil {
		t.Error("ReplaceSizeErrors(nil) is not nil")
	}
	if got := policy.ReplaceSizeErrors(other, nil); got != other {
		t.Errorf("an error without a size problem came back as %v", got)
	}
}

// TestStatementSizes checks the sum rule StatementSizes documents against
// the rendering of every prefix and of every other subset of a document,
// in bytes and in characters (a non-ASCII Sid counts once as a character,
// twice as bytes).
func TestStatementSizes(t *testing.T) {
	st := func(sid, res string) iampolicy.Statement {
		return iampolicy.Statement{Sid: sid, Effect: iampolicy.EffectDeny, Principal: policy.Everyone(),
			Action: policy.Strings("s3:*"), Resource: policy.List(res, res+"/*"),
			Condition: policy.Conditions{}.With("Bool", "aws:SecureTransport", "false")}
	}
	all := []iampolicy.Statement{st("A", "arn:aws:s3:::a"), st("Bé", "arn:aws:s3:::bb"), st("C", "arn:aws:s3:::ccc")}
	for _, kind := range []policy.Kind{policy.KindBucketPolicy, policy.KindSCP} {
		d := policy.New(kind, all...)
		d.ID = "id-1"
		frame, sizes, err := d.StatementSizes()
		if err != nil {
			t.Fatal(err)
		}
		for mask := 0; mask < 1<<len(all); mask++ {
			sub := policy.New(kind)
			sub.ID = d.ID
			want := frame
			for i := range all {
				if mask&(1<<i) != 0 {
					if len(sub.Statements) > 0 {
						want++
					}
					sub.Statements = append(sub.Statements, all[i])
					want += sizes[i]
				}
			}
			compact, err := sub.CompactJSON()
			if err != nil {
				t.Fatal(err)
			}
			if got := policy.Size(kind, compact); got != want {
				t.Errorf("%v, statements %03b: measured %d, the sum rule gives %d", kind, mask, got, want)
			}
		}
	}
}
