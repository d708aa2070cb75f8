package policy_test

import (
	"errors"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestPack(t *testing.T) {
	stmt := func(sid string, n int) iampolicy.Statement {
		return iampolicy.Statement{Sid: sid, Effect: "Deny", Principal: policy.Everyone(), Action: policy.Strings("s3:*"),
			Resource: policy.Strings("arn:aws:s3:::logs/" + strings.Repeat("a", n))}
	}
	limits := policy.Limits{RCP: 350}
	t.Run("fits in one", func(t *testing.T) {
		docs, err := policy.Pack(policy.KindRCP, []iampolicy.Statement{stmt("A", 10), stmt("B", 10)}, limits, nil)
		if err != nil || len(docs) != 1 || len(docs[0].Statements) != 2 {
			t.Fatalf("got %d documents, %v; want one with both statements", len(docs), err)
		}
	})
	t.Run("split in order", func(t *testing.T) {
		docs, err := policy.Pack(policy.KindRCP, []iampolicy.Statement{stmt("A", 100), stmt("B", 100), stmt("C", 10)}, limits, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range docs {
			var sids []string
			for _, s := range d.Statements {
				sids = append(sids, s.Sid)
			}
			got = append(got, strings.Join(sids, "+"))
		}
		if strings.Join(got, " ") != "A B+C" {
			t.Errorf("documents %v, want [A B+C]: a statement goes with the one before it while they fit", got)
		}
	})
	t.Run("one statement too large", func(t *testing.T) {
		var sawSid string
		docs, err := policy.Pack(policy.KindRCP, []iampolicy.Statement{stmt("A", 10), stmt("Big", 400)}, limits, func(sid string, se *policy.SizeError) error {
			sawSid = sid
			return se.Blame("trails", "trails", 3, 1, "fewer")
		})
		var se *policy.SizeError
		if docs != nil || !errors.As(err, &se) || sawSid != "Big" || se.Field != "trails" || se.Limit != 350 {
			t.Errorf("got %v, %v (statement %q); want the hook's *policy.SizeError for Big", docs, err, sawSid)
		}
	})
	t.Run("nothing to pack", func(t *testing.T) {
		docs, err := policy.Pack(policy.KindRCP, nil, limits, nil)
		if docs != nil || !errors.Is(err, policy.ErrRequired) {
			t.Errorf("got %v, %v; want ErrRequired", docs, err)
		}
	})
	t.Run("invalid statement named per document", func(t *testing.T) {
		bad := stmt("B", 100)
		bad.Effect = "Allow"
		_, err := policy.Pack(policy.KindRCP, []iampolicy.Statement{stmt("A", 100), bad}, limits, nil)
		if err == nil || !strings.Contains(err.Error(), "documents[1].Statement[0].Effect") {
			t.Errorf("got %v; want the problem named documents[1].Statement[0].Effect", err)
		}
	})
}
