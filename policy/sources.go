package policy

import (
	"fmt"
	"slices"
)

// Organization names an AWS Organizations organization whose organization
// trail delivers the logs. The trail is owned by the management account,
// also when a delegated administrator account created it.
// (CloudTrail User Guide, "Creating a trail for an organization".)
type Organization struct {
	// ID is the organization ID, "o-" and 10 to 32 lower-case letters or digits.
	ID string `json:"id" yaml:"id"`
	// ManagementAccount is the 12-digit ID of the management account.
	ManagementAccount string `json:"managementAccount" yaml:"managementAccount"`
}

// Sources says which trails deliver logs. The bucket policy and the key
// policy both take it, so that one value serves both documents and they
// cannot disagree about who may write and encrypt.
type Sources struct {
	// Partition of every ARN; empty means "aws".
	Partition Partition `json:"partition,omitempty" yaml:"partition,omitempty"`
	// Accounts are the 12-digit IDs of accounts whose own trails deliver.
	// Order and duplicates do not matter: the library sorts a copy.
	Accounts []string `json:"accounts,omitempty" yaml:"accounts,omitempty"`
	// Organization, when set, adds its organization trail: written by the
	// management account under AWSLogs/<o-id>/ and AWSLogs/<management account>/.
	Organization *Organization `json:"organization,omitempty" yaml:"organization,omitempty"`
	// Trails are the exact trail ARNs allowed to deliver. When empty, any
	// trail of a delivering account may (a per-account ARN pattern). Each
	// trail's account must be a delivering account (for an organization
	// trail, the management account), and each delivering account must own
	// at least one of them.
	Trails []string `json:"trails,omitempty" yaml:"trails,omitempty"`
}

// CheckSources validates s and returns every problem, with field paths
// ("Accounts[1]", "Organization.ID", "Trails[0]").
func CheckSources(s Sources) error {
	var p Problems
	part := s.Partition.OrDefault()
	p.Add(CheckPartition("Partition", part))
	for i, a := range s.Accounts {
		p.Add(CheckAccountID(fmt.Sprintf("Accounts[%d]", i), a))
	}
	if o := s.Organization; o != nil {
		p.Add(CheckOrgID("Organization.ID", o.ID))
		if o.ManagementAccount == "" {
			p.Addf(ErrRequired, "Organization.ManagementAccount", "", "is empty: an organization trail is owned by the management account, whose 12-digit ID is required")
		} else {
			p.Add(CheckAccountID("Organization.ManagementAccount", o.ManagementAccount))
		}
	}
	if len(s.Accounts) == 0 && s.Organization == nil {
		p.Addf(ErrRequired, "Accounts", "", "is empty and no Organization is set: name at least one delivering account or an organization")
	}
	owners := s.OwnerAccounts()
	parsed := true
	for i, t := range s.Trails {
		field := fmt.Sprintf("Trails[%d]", i)
		a, err := ParseTrailARN(field, t)
		if err != nil {
			p.Add(err)
			parsed = false
			continue
		}
		if a.Partition != part {
			p.Addf(ErrARN, field, t, "is in partition %s, but the setup's partition is %s", a.Partition, part)
		}
		if !slices.Contains(owners, a.AccountID) {
			p.Addf(ErrConflict, field, t, "belongs to account %s, which is not a delivering account (for an organization trail, the management account owns the trail)", a.AccountID)
		}
	}
	// A trail ARN that does not parse may be the one an account lacks:
	// until it is fixed, whose trails are named is not known.
	if len(s.Trails) > 0 && parsed {
		checkTrailCoverage(s, &p)
	}
	return p.Err()
}

// checkTrailCoverage reports delivering accounts that own none of the named
// Trails. With exact trails, aws:SourceArn (and the key policy's encryption
// context) admits only those trails, so such an account's trails could not
// deliver: either the caller forgot its trail or the account does not
// belong in Accounts. Invalid account IDs are reported elsewhere, once.
func checkTrailCoverage(s Sources, p *Problems) {
	owners := map[string]bool{}
	for _, t := range s.Trails {
		a, _ := ParseTrailARN("", t) // CheckSources parsed each
		owners[a.AccountID] = true
	}
	for i, a := range s.Accounts {
		if CheckAccountID("", a) == nil && !owners[a] {
			p.Addf(ErrConflict, fmt.Sprintf("Accounts[%d]", i), a, "owns none of the Trails, so its trails could not deliver: name its trail in Trails, or leave Trails empty to admit any trail of the delivering accounts")
		}
	}
	// A management account also listed in Accounts is reported there.
	if o := s.Organization; o != nil && CheckAccountID("", o.ManagementAccount) == nil &&
		!owners[o.ManagementAccount] && !slices.Contains(s.Accounts, o.ManagementAccount) {
		p.Addf(ErrConflict, "Organization.ManagementAccount", o.ManagementAccount, "owns none of the Trails, so the organization trail, which belongs to the management account, could not deliver: name it in Trails")
	}
}

// OwnerAccounts returns the accounts that own delivering trails, sorted and
// without duplicates: Accounts plus the organization's management account.
func (s Sources) OwnerAccounts() []string {
	all := slices.Clone(s.Accounts)
	if s.Organization != nil && s.Organization.ManagementAccount != "" {
		all = append(all, s.Organization.ManagementAccount)
	}
	return SortedUnique(all)
}

// LogIDs returns the path segments CloudTrail writes under AWSLogs/, sorted:
// each owner account, and the organization ID for an organization trail.
// (CloudTrail User Guide, "Finding your CloudTrail log files".)
func (s Sources) LogIDs() []string {
	ids := s.OwnerAccounts()
	if s.Organization != nil && s.Organization.ID != "" {
		ids = append(ids, s.Organization.ID)
	}
	return SortedUnique(ids)
}

// ExactTrails reports whether the caller named the exact trails.
func (s Sources) ExactTrails() bool { return len(s.Trails) > 0 }

// TrailARNs returns what aws:SourceArn (and the KMS encryption context
// kms:EncryptionContext:aws:cloudtrail:arn) must match, sorted: the exact
// trail ARNs when given, else one pattern per owner account,
// arn:<partition>:cloudtrail:*:<account>:trail/*. Patterns need a *Like
// operator; exact ARNs an *Equals one (see [Sources.ExactTrails]).
func (s Sources) TrailARNs() []string {
	if s.ExactTrails() {
		return SortedUnique(s.Trails)
	}
	part := s.Partition.OrDefault()
	var out []string
	for _, a := range s.OwnerAccounts() {
		out = append(out, TrailARN(part, "*", a, "*"))
	}
	return out
}
