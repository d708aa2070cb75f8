package cloudtrail

import (
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// ReaderKind says what kind of IAM principal a reader is.
type ReaderKind int

// The kinds of reader.
const (
	// ReaderRole is an IAM role, arn:<partition>:iam::<account>:role/[path/]name.
	ReaderRole ReaderKind = iota + 1
	// ReaderUser is an IAM user, arn:<partition>:iam::<account>:user/[path/]name.
	ReaderUser
	// ReaderRoot is a whole account, named by its root,
	// arn:<partition>:iam::<account>:root: whoever that account's IAM
	// policies allow.
	ReaderRoot
)

// String names the kind as a reader's document name spells it: "role",
// "user" or "root".
func (k ReaderKind) String() string {
	switch k {
	case ReaderRole:
		return "role"
	case ReaderUser:
		return "user"
	case ReaderRoot:
		return "root"
	}
	return "unknown"
}

// Reader is one reader of the logs, parsed: who it is, in which account.
type Reader struct {
	// ARN is the reader's ARN as the setup names it.
	ARN string
	// Kind says whether it is a role, a user or a whole account.
	Kind ReaderKind
	// Account is the reader's 12-digit account.
	Account string
	// Name is the role's or user's name without its path; empty for an
	// account.
	Name string
}

// ParseReader parses the ARN of a reader, given in field: an IAM role, an
// IAM user or an account root (see [ReaderKind]), and nothing else a policy
// could name. A resource policy names one principal per ARN, with no
// wildcard in it, and never a group ("AWS JSON policy elements:
// Principal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
// read 2026-12-02: "You cannot use a wildcard to match part of a principal
// name or ARN"; "You cannot identify a user group as a principal"). A role
// session (sts assumed-role) or a federated user is refused as well: it
// exists only for a while and has no identity policy of its own, and the
// role it belongs to already covers every one of its sessions. A service
// principal is refused: services that read the logs are not readers.
// ParseReader does not check the partition or the account against a site;
// [Site.CheckReader] does.
func ParseReader(field, arn string) (Reader, error) {
	const want = "want an IAM role (arn:<partition>:iam::<account>:role/name), user (…:user/name) or account root (…:root)"
	switch {
	case strings.ContainsAny(arn, "*?"):
		return Reader{}, fieldErr(policy.ErrARN, field, arn, "contains a wildcard: a reader is one principal, and a policy's Principal takes no wildcard in an ARN; %s", want)
	case !strings.HasPrefix(arn, "arn:") && strings.HasSuffix(arn, ".amazonaws.com"):
		return Reader{}, fieldErr(policy.ErrARN, field, arn, "is an AWS service principal, not a reader: %s", want)
	}
	a, err := policy.ParseARN(field, arn)
	if err != nil {
		return Reader{}, err
	}
	switch {
	case a.Service == "sts":
		return Reader{}, fieldErr(policy.ErrARN, field, arn, "is a session (sts), which lasts only a while: name the role it belongs to, which covers all of its sessions; %s", want)
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "group/"):
		return Reader{}, fieldErr(policy.ErrARN, field, arn, "is an IAM group, which a policy cannot name as a principal: name its users, or a role; %s", want)
	}
	if _, err := policy.ParseIAMPrincipalARN(field, arn); err != nil {
		return Reader{}, fieldErr(policy.ErrARN, field, arn, "is not a reader: %s", want)
	}
	r := Reader{ARN: arn, Account: a.AccountID, Kind: ReaderRoot}
	if kind, rest, ok := strings.Cut(a.Resource, "/"); ok {
		r.Kind = ReaderRole
		if kind == "user" {
			r.Kind = ReaderUser
		}
		r.Name = rest[strings.LastIndex(rest, "/")+1:]
	}
	return r, nil
}

// CheckReader checks that arn, given in field, may read and decrypt the
// site's logs: a reader ([ParseReader]: a role, a user or an account root)
// in the site's partition and in one of the site's accounts
// ([Site.CheckReaderAccount]). Builders that add a reader of their own (the
// vendor's role) check it with the same rule.
func (s *Site) CheckReader(field, arn string) error {
	return s.checkReader(field, arn, s.siteAccounts())
}

// checkReader is [Site.CheckReader] with the site's own accounts, own,
// computed once by the caller of many.
func (s *Site) checkReader(field, arn string, own []string) error {
	r, err := ParseReader(field, arn)
	if err != nil {
		return err
	}
	a, _ := policy.ParseARN(field, arn)
	if err := s.CheckPartitionOf(field, arn, a); err != nil {
		return err
	}
	return s.checkReaderAccount(field, arn, r.Account, own)
}

// CheckReaderAccount checks that account, the account of value (given in
// field), may hold a reader of the logs. With an organization, any account
// may: every member account is one, and which accounts are members cannot
// be checked without calling AWS Organizations, so a reader in an account
// outside the organization is the setup author's mistake to avoid. Without
// one, the account must be the site's own: a delivering account, the log
// archive account or the key's account; a reader in any other account
// would be an outsider reading every account's logs. The rule is the key
// policy's: without a key (or with a key ARN that New refused, whose
// account is unknown) nothing is reported, and the bucket policy alone
// decides whom it grants.
func (s *Site) CheckReaderAccount(field, value, account string) error {
	return s.checkReaderAccount(field, value, account, s.siteAccounts())
}

// checkReaderAccount is [Site.CheckReaderAccount] with the site's own
// accounts, allowed, sorted.
func (s *Site) checkReaderAccount(field, value, account string, allowed []string) error {
	if s == nil || s.org != nil || s.key == nil {
		return nil
	}
	if _, found := slices.BinarySearch(allowed, account); found {
		return nil
	}
	return fieldErr(policy.ErrConflict, field, value, "belongs to account %s, which is not a delivering account, logArchiveAccount or the key's account (allowed: %s): set organization to admit readers in any of its accounts", account, strings.Join(allowed, ", "))
}

// ParsedReaders returns the site's readers ([Site.Readers]) parsed, in the
// same order.
func (s *Site) ParsedReaders() []Reader {
	out := make([]Reader, 0, len(s.readers))
	for _, arn := range s.readers {
		if r, err := ParseReader("", arn); err == nil {
			out = append(out, r)
		}
	}
	return out
}

// siteAccounts returns the accounts the site names itself, sorted and
// valid: the delivering accounts (with the management account), the log
// archive account and the key's account.
func (s *Site) siteAccounts() []string {
	if s == nil {
		return nil
	}
	all := s.OwnerAccounts()
	if s.key != nil {
		all = append(all, s.key.AccountID)
	}
	all = policy.SortedUnique(append(all, s.logArchive))
	return slices.DeleteFunc(all, func(a string) bool { return policy.CheckAccountID("", a) != nil })
}

// OrganizationReader reports whether a reader in account is admitted only
// as a member of the site's organization: the site has one, and account is
// none of the accounts the site names itself (a delivering account, the
// management, log archive or key account). Whether it is a member cannot be
// checked locally, so the bucket and key policies grant such readers under
// aws:PrincipalOrgID, which AWS evaluates: a reader outside the
// organization (a mistyped account) is then granted nothing.
func (s *Site) OrganizationReader(account string) bool {
	if s == nil || s.org == nil || s.org.ID == "" {
		return false
	}
	_, found := slices.BinarySearch(s.own, account)
	return !found
}
