package trailpolicy

import (
	"errors"
	"fmt"
	"slices"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// Names of the documents of a [Bundle], as the CLI and [Bundle.Get] spell them.
const (
	NameBucketPolicy      = "bucket-policy"
	NameKeyPolicy         = "key-policy"
	NameVendorTrustPolicy = "vendor-trust-policy"
	NameVendorReadPolicy  = "vendor-read-policy"
	NameSCP               = "scp"
)

// DocumentNames lists every document name a setup can call for, in the order
// a [Bundle] keeps them.
func DocumentNames() []string {
	return []string{NameBucketPolicy, NameKeyPolicy, NameVendorTrustPolicy, NameVendorReadPolicy, NameSCP}
}

// Bundle is every document one [Setup] calls for. A document the setup does
// not call for is nil (KeyPolicy without a key, the vendor policies without a
// vendor, SCPs when omitted).
type Bundle struct {
	// BucketPolicy is the log bucket's policy, attached to Bucket in the log
	// archive account.
	BucketPolicy *policy.Document
	// KeyPolicy is the KMS key's policy, attached to the key of KMSKeyARN.
	KeyPolicy *policy.Document
	// VendorTrustPolicy is the trust policy of the vendor's role in the log
	// archive account.
	VendorTrustPolicy *policy.Document
	// VendorReadPolicy is the vendor role's permissions policy.
	VendorReadPolicy *policy.Document
	// SCPs are the service control policies that protect the setup; usually
	// one, several when the statements do not fit in one.
	SCPs []*policy.Document

	// Bucket is the bucket the bucket policy is attached to.
	Bucket string
	// VendorRoleARN is the ARN of the vendor's role, empty without a vendor.
	VendorRoleARN string
	// VendorRoleName is the name of the vendor's role, empty without a vendor.
	VendorRoleName string
}

// Names returns the names of the documents present, in [DocumentNames]
// order. Several SCPs are named "scp-1", "scp-2", ...; one is "scp".
func (b *Bundle) Names() []string {
	var out []string
	for _, n := range DocumentNames() {
		if n == NameSCP {
			out = append(out, b.scpNames()...)
			continue
		}
		if docs, _ := b.Get(n); len(docs) > 0 {
			out = append(out, n)
		}
	}
	return out
}

func (b *Bundle) scpNames() []string {
	if len(b.SCPs) == 1 {
		return []string{NameSCP}
	}
	var out []string
	for i := range b.SCPs {
		out = append(out, fmt.Sprintf("%s-%d", NameSCP, i+1))
	}
	return out
}

// Get returns the documents of one name: one document, or for "scp" every
// SCP ("scp-2" names the second of several). It reports false for an unknown
// name or a document the setup does not call for.
func (b *Bundle) Get(name string) ([]*policy.Document, bool) {
	var d *policy.Document
	switch name {
	case NameBucketPolicy:
		d = b.BucketPolicy
	case NameKeyPolicy:
		d = b.KeyPolicy
	case NameVendorTrustPolicy:
		d = b.VendorTrustPolicy
	case NameVendorReadPolicy:
		d = b.VendorReadPolicy
	case NameSCP:
		return b.SCPs, len(b.SCPs) > 0
	default:
		if i := slices.Index(b.scpNames(), name); i >= 0 {
			return b.SCPs[i : i+1], true
		}
		return nil, false
	}
	if d == nil {
		return nil, false
	}
	return []*policy.Document{d}, true
}

// Documents returns every document with the names they attach to, for the
// Terraform and CloudFormation renderers of package format.
func (b *Bundle) Documents() format.Documents {
	return format.Documents{
		Bucket:       b.Bucket,
		BucketPolicy: b.BucketPolicy,
		KeyPolicy:    b.KeyPolicy,
		RoleName:     b.VendorRoleName,
		TrustPolicy:  b.VendorTrustPolicy,
		ReadPolicy:   b.VendorReadPolicy,
		SCPs:         b.SCPs,
	}
}

// DocumentsFor returns the [format.Documents] for one document name. The
// vendor's two policies belong to one role, and a role cannot exist without
// its trust policy, so both vendor names return the role with both of its
// policies.
func (b *Bundle) DocumentsFor(name string) (format.Documents, bool) {
	all := b.Documents()
	docs, ok := b.Get(name)
	if !ok {
		return format.Documents{}, false
	}
	switch name {
	case NameBucketPolicy:
		return format.Documents{Bucket: all.Bucket, BucketPolicy: all.BucketPolicy}, true
	case NameKeyPolicy:
		return format.Documents{KeyPolicy: all.KeyPolicy}, true
	case NameVendorTrustPolicy, NameVendorReadPolicy:
		return format.Documents{RoleName: all.RoleName, TrustPolicy: all.TrustPolicy, ReadPolicy: all.ReadPolicy}, true
	}
	return format.Documents{SCPs: docs}, true
}

// Build validates the setup and returns every document it calls for, each
// built by its package (bucket, kmskey, trust, scp) from the same values.
// Every problem of every builder comes back at once (joined with
// errors.Join), with field paths of the setup ("vendor.externalId",
// "accounts[2]"); a problem several builders see is reported once. No
// document is returned with an error.
func (s Setup) Build() (*Bundle, error) {
	var errs []error
	seen := map[string]bool{}
	add := func(es []error) {
		for _, e := range es {
			if k := problemKey(e); !seen[k] {
				seen[k] = true
				errs = append(errs, e)
			}
		}
	}
	b := &Bundle{Bucket: s.Bucket}
	sources := policy.Sources{
		Partition:    s.Partition,
		Accounts:     s.Accounts,
		Organization: s.Organization,
		Trails:       s.Trails,
	}

	var vendor trust.VendorConfig
	if s.Vendor != nil {
		vendor = trust.VendorConfig{
			Partition:         s.Partition,
			LogArchiveAccount: s.LogArchiveAccount,
			VendorAccount:     s.Vendor.Account,
			VendorRoles:       s.Vendor.Roles,
			ExternalID:        s.Vendor.ExternalID,
			RoleName:          s.Vendor.RoleName,
		}
		b.VendorRoleARN = vendor.RoleARN()
		b.VendorRoleName = s.Vendor.RoleName
		if b.VendorRoleName == "" {
			b.VendorRoleName = trust.DefaultRoleName
		}
	}

	// Bucket policy: always. Readers outside the log archive account get
	// the bucket policy's read grant, without which a cross-account read is
	// refused even though the key policy lets them decrypt.
	bucketReaders, bPaths := s.bucketReaders()
	doc, err := bucket.Build(bucket.Config{
		Sources:                            sources,
		Bucket:                             s.Bucket,
		BucketRegion:                       s.BucketRegion,
		Prefix:                             s.Prefix,
		KMSKeyARN:                          s.KMSKeyARN,
		OmitEncryptionDeniesForFirstCreate: s.OmitEncryptionDeniesForFirstCreate,
		Readers:                            bucketReaders,
	})
	add(translate(NameBucketPolicy, bPaths, err))
	b.BucketPolicy = doc

	// Key policy: with a key. The vendor's role is a reader: without it in
	// the key policy the vendor could list the logs but not decrypt them.
	if s.KMSKeyARN != "" {
		readers := slices.Clone(s.Readers)
		paths := keyPaths
		// Only a valid role ARN is added: an invalid role name or log
		// archive account is reported once, by the trust policy's builder.
		if s.Vendor != nil && policy.CheckRoleName("", b.VendorRoleName) == nil &&
			policy.CheckAccountID("", s.LogArchiveAccount) == nil {
			paths = paths.with(fieldMap{fmt.Sprintf("Readers[%d]", len(readers)): "vendor"})
			readers = append(readers, b.VendorRoleARN)
		}
		doc, err := kmskey.Build(kmskey.Config{
			Sources:           sources,
			KeyARN:            s.KMSKeyARN,
			KeyAdministrators: s.KeyAdministrators,
			Readers:           readers,
			LogArchiveAccount: s.LogArchiveAccount,
			BucketRegion:      s.BucketRegion,
		})
		add(translate(NameKeyPolicy, paths, err))
		b.KeyPolicy = doc
	} else {
		if len(s.KeyAdministrators) > 0 {
			add([]error{policy.NewFieldError(policy.ErrConflict, "keyAdministrators", s.KeyAdministrators[0], "is set but kmsKeyArn is empty: key administrators need a key")})
		}
		if len(s.Readers) > 0 {
			add([]error{policy.NewFieldError(policy.ErrConflict, "readers", s.Readers[0], "is set but kmsKeyArn is empty: readers are key policy readers, whose accounts the key policy checks; without a key, give each reader s3:GetObject in its own IAM policy and, outside the bucket's account, in the bucket policy")})
		}
	}

	// Vendor role: trust and read policies.
	if s.Vendor != nil {
		doc, err := trust.BuildTrustPolicy(vendor)
		add(translate(NameVendorTrustPolicy, vendorPaths, err))
		b.VendorTrustPolicy = doc
		doc, err = trust.BuildReadPolicy(trust.ReadConfig{
			Partition: s.Partition,
			Bucket:    s.Bucket,
			Prefix:    s.Prefix,
			KMSKeyARN: s.KMSKeyARN,
		})
		add(translate(NameVendorReadPolicy, readPaths, err))
		b.VendorReadPolicy = doc
	}

	// SCP: unless omitted.
	if !s.SCP.Omit {
		cfg, paths := s.scpConfig()
		docs, err := scp.Build(cfg)
		add(translate(NameSCP, paths, err))
		b.SCPs = docs
	}

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b, nil
}

// bucketReaders returns the readers the bucket policy must grant, and the
// bucket's field paths with each bucket.Config.Readers index mapped to the
// setup's readers index.
//
// Only readers outside LogArchiveAccount, the bucket's account, are
// granted: across accounts S3 needs the bucket policy's yes as well as the
// identity policy's, but within the bucket's account the identity policy
// suffices, and naming such a role in the bucket policy would let it read
// even after its identity policy is detached. The vendor's role lives in
// LogArchiveAccount and is left out for the same reason. Without a valid
// LogArchiveAccount the bucket's account is unknown, so every reader is
// granted. A reader ARN that does not parse is passed on, so that the
// bucket policy's builder reports it too (it is reported once).
func (s Setup) bucketReaders() ([]string, fieldMap) {
	paths := bucketPaths.with(nil)
	logAccount := ""
	if policy.CheckAccountID("", s.LogArchiveAccount) == nil {
		logAccount = s.LogArchiveAccount
	}
	var out []string
	for i, r := range s.Readers {
		if a, err := policy.ParseRoleARN("", r); err == nil && logAccount != "" && a.AccountID == logAccount {
			continue
		}
		paths[fmt.Sprintf("Readers[%d]", len(out))] = fmt.Sprintf("readers[%d]", i)
		out = append(out, r)
	}
	return out, paths
}

// scpConfig returns the SCP's config and the paths of its fields. The SCP
// protects the named trails except those of the management account, which
// no SCP can protect (an organization trail always lives there).
func (s Setup) scpConfig() (scp.Config, fieldMap) {
	paths := scpPaths.with(nil)
	cfg := scp.Config{
		Partition:            s.Partition,
		Bucket:               s.Bucket,
		BreakGlassRoles:      s.BreakGlassRoles,
		LogArchiveAccount:    s.LogArchiveAccount,
		AllowObjectOverwrite: s.SCP.AllowObjectOverwrite,
		SizeLimit:            s.SCP.SizeLimit,
	}
	mgmt := ""
	if s.Organization != nil {
		// An invalid management account is reported by the bucket policy's
		// check of organization.managementAccount; the SCP only needs a valid
		// one to refuse resources in it.
		if policy.CheckAccountID("", s.Organization.ManagementAccount) == nil {
			mgmt = s.Organization.ManagementAccount
		}
	}
	cfg.ManagementAccount = mgmt
	for i, t := range s.Trails {
		a, err := policy.ParseTrailARN("", t)
		if err != nil || a.AccountID == mgmt {
			continue // reported by the bucket policy, or not protectable
		}
		paths[fmt.Sprintf("ProtectTrails[%d]", len(cfg.ProtectTrails))] = fmt.Sprintf("trails[%d]", i)
		cfg.ProtectTrails = append(cfg.ProtectTrails, t)
	}
	for i, t := range s.SCP.ProtectTrails {
		paths[fmt.Sprintf("ProtectTrails[%d]", len(cfg.ProtectTrails))] = fmt.Sprintf("scp.protectTrails[%d]", i)
		cfg.ProtectTrails = append(cfg.ProtectTrails, t)
	}
	if !s.SCP.LeaveKeyUnprotected {
		cfg.ProtectKeyARN = s.KMSKeyARN
	}
	return cfg, paths
}

// The field paths of each builder's Config in the setup.
var (
	bucketPaths = sourcesPaths.with(fieldMap{
		"Bucket":                             "bucket",
		"BucketRegion":                       "bucketRegion",
		"Prefix":                             "prefix",
		"KMSKeyARN":                          "kmsKeyArn",
		"OmitEncryptionDeniesForFirstCreate": "omitEncryptionDeniesForFirstCreate",
		"Readers":                            "readers",
	})
	keyPaths = sourcesPaths.with(fieldMap{
		"KeyARN":            "kmsKeyArn",
		"KeyAdministrators": "keyAdministrators",
		"Readers":           "readers",
		"LogArchiveAccount": "logArchiveAccount",
		"BucketRegion":      "bucketRegion",
	})
	vendorPaths = fieldMap{
		"Partition":         "partition",
		"LogArchiveAccount": "logArchiveAccount",
		"VendorAccount":     "vendor.account",
		"VendorRoles":       "vendor.roles",
		"ExternalID":        "vendor.externalId",
		"RoleName":          "vendor.roleName",
	}
	readPaths = fieldMap{
		"Partition": "partition",
		"Bucket":    "bucket",
		"Prefix":    "prefix",
		"KMSKeyARN": "kmsKeyArn",
	}
	scpPaths = fieldMap{
		"Partition":         "partition",
		"Bucket":            "bucket",
		"BreakGlassRoles":   "breakGlassRoles",
		"ProtectTrails":     "scp.protectTrails",
		"ProtectKeyARN":     "kmsKeyArn",
		"LogArchiveAccount": "logArchiveAccount",
		"ManagementAccount": "organization.managementAccount",
		"SizeLimit":         "scp.sizeLimit",
	}
)
