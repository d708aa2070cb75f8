package audit_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// logsSetup is a small site whose trails send events to a CloudWatch Logs
// log group in the delivering account, without a key or an SCP so that the
// delivery role's properties are most of what is asked.
func logsSetup() trailpolicy.Setup {
	s := trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "example-ct-logs", BucketRegion: "us-east-1", LogArchiveAccount: acctB,
		Accounts: []string{acctA}, CloudWatchLogsGroupARN: "arn:aws:logs:us-east-1:" + acctA + ":log-group:CloudTrail/events:*"}}
	s.SCP.Omit = true
	return s
}

var logsProps = []string{audit.PropLogsRoleAssumed, audit.PropLogsRoleOnlyCloudTrail, audit.PropLogsRoleWrites, audit.PropLogsRoleOnlyStreams}

// TestLogsRole: the delivery role's two policies as the setup writes them
// pass the four properties; each mutation fails exactly the properties it
// breaks, with a counterexample; without the documents they are MISSING.
func TestLogsRole(t *testing.T) {
	const stream = "arn:aws:logs:us-east-1:" + acctA + ":log-group:CloudTrail/events:log-stream:"
	cases := []struct {
		name, reason string
		put          func(t *testing.T, d *audit.Deployed)
		fails        []string
		want         map[string]string // how each failing property's counterexample "principal action resource" starts
	}{
		{name: "own-output", reason: "the setup's own role"},
		{name: "trust any AWS principal", reason: `Principal {"AWS": "*"} lets any account's principals assume the role, and not CloudTrail`,
			put: func(t *testing.T, d *audit.Deployed) {
				d.LogsRoleTrustPolicy.Statements[0].Principal = policy.AWSPrincipal("*")
			},
			fails: []string{audit.PropLogsRoleAssumed, audit.PropLogsRoleOnlyCloudTrail},
			want:  map[string]string{audit.PropLogsRoleAssumed: "cloudtrail.amazonaws.com for ", audit.PropLogsRoleOnlyCloudTrail: "a session of arn:aws:iam::"}},
		{name: "trust another service", reason: "a role for another service's principal is one CloudTrail cannot assume",
			put: func(t *testing.T, d *audit.Deployed) {
				d.LogsRoleTrustPolicy.Statements[0].Principal = policy.ServicePrincipal("logs.amazonaws.com")
			},
			fails: []string{audit.PropLogsRoleAssumed, audit.PropLogsRoleOnlyCloudTrail},
			want:  map[string]string{audit.PropLogsRoleAssumed: "cloudtrail.amazonaws.com for ", audit.PropLogsRoleOnlyCloudTrail: "logs.amazonaws.com"}},
		{name: "widen the streams", reason: `Resource "*" lets the role write every stream of every group`,
			put: func(t *testing.T, d *audit.Deployed) {
				d.LogsRolePolicy.Statements[1].Resource = policy.Strings("*")
			},
			fails: []string{audit.PropLogsRoleOnlyStreams},
			want:  map[string]string{audit.PropLogsRoleOnlyStreams: "a session of arn:aws:iam::" + acctA + ":role/CloudTrail-CloudWatchLogs logs:PutLogEvents "}},
		{name: "another account's streams", reason: "streams named for another account are not the ones CloudTrail writes (and with no resource policy on them the grant reaches nothing there)",
			put: func(t *testing.T, d *audit.Deployed) {
				other := strings.ReplaceAll(stream, acctA, acctC) + acctC + "_CloudTrail_us-east-1*"
				d.LogsRolePolicy.Statements[0].Resource = policy.Strings(other)
			},
			fails: []string{audit.PropLogsRoleWrites},
			want:  map[string]string{audit.PropLogsRoleWrites: "a session of arn:aws:iam::" + acctA + ":role/CloudTrail-CloudWatchLogs logs:CreateLogStream " + stream + acctA + "_CloudTrail_us-east-1"}},
		{name: "missing", reason: "documents nobody showed are not assumed",
			put: func(t *testing.T, d *audit.Deployed) {
				d.LogsRoleTrustPolicy, d.LogsRolePolicy = nil, nil
			},
			fails: append([]string(nil), logsProps...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !contains([]string{"own-output", "widen the streams"}, tc.name) {
				t.Skip("the other mutations run without -short")
			}
			rep := auditCase(t, logsSetup(), func(t *testing.T, d *audit.Deployed) {
				if d.LogsRoleTrustPolicy == nil || d.LogsRolePolicy == nil {
					t.Fatal("FromBundle left out the delivery role's policies")
				}
				d.LogsRoleTrustPolicy, d.LogsRolePolicy = clone(t, d.LogsRoleTrustPolicy), clone(t, d.LogsRolePolicy)
				if tc.put != nil {
					tc.put(t, d)
				}
			})
			want := append([]string(nil), tc.fails...)
			if diff := cmp.Diff(sorted(want), failing(rep)); diff != "" {
				t.Errorf("%s: failing properties (-want +got):\n%s", tc.reason, diff)
			}
			n := 0
			for _, r := range rep.Results {
				if !contains(logsProps, r.Property) {
					continue
				}
				n++
				switch {
				case tc.name == "missing":
					if r.Status != audit.Missing || !cmp.Equal(rep.Missing, []string{trailpolicy.NameLogsRoleTrust, trailpolicy.NameLogsRolePolicy}) {
						t.Errorf("%s: %s, report missing %v; want MISSING for both", r.Property, r.Status, rep.Missing)
					}
				case r.Status == audit.Fail:
					c := r.Counterexample
					got := c.Principal + " " + c.Action + " " + c.Resource
					if !strings.HasPrefix(got, tc.want[r.Property]) {
						t.Errorf("%s: counterexample %q; want it to start %q", r.Property, got, tc.want[r.Property])
					}
					t.Logf("%s: %s", r.Property, describe(r))
				}
			}
			if n != len(logsProps) {
				t.Errorf("%d delivery role results; want %d", n, len(logsProps))
			}
		})
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
