package scp

import "slices"

// Action is an IAM action name, "service:Action", as the Service
// Authorization Reference spells it. A Deny that names an action that does
// not exist is accepted by AWS and silently denies nothing, so every action
// this package can emit is a named constant, and a test checks each one
// against the service's published list (internal/actions).
type Action string

// Amazon S3 actions denied on the log bucket and its objects. Each constant
// says what it would let a principal of an attached account do to the logs.
// Resource types are from the Service Authorization Reference, "Actions,
// resources, and condition keys for Amazon S3"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_s3.html).
const (
	// S3DeleteObject deletes a log object (on a versioned bucket it hides
	// the object behind a delete marker). Resource type: object.
	S3DeleteObject Action = "s3:DeleteObject"
	// S3DeleteObjectVersion permanently deletes one version of a log
	// object. Resource type: object.
	S3DeleteObjectVersion Action = "s3:DeleteObjectVersion"
	// S3PutObject overwrites a log object (on an unversioned bucket the old
	// content is gone) or plants a forged one. CloudTrail's own delivery is
	// made by the service principal cloudtrail.amazonaws.com, which no SCP
	// restricts, so denying it does not stop log delivery. Resource type:
	// object. [Options.AllowObjectOverwrite] (scp.allowObjectOverwrite) leaves it out.
	S3PutObject Action = "s3:PutObject"
	// S3RestoreObject restores an archived copy; denied as published in the
	// source document. Resource type: object.
	S3RestoreObject Action = "s3:RestoreObject"
	// S3PutObjectAcl changes who may read or overwrite a log object.
	// Resource type: object.
	S3PutObjectAcl Action = "s3:PutObjectAcl"
	// S3PutObjectVersionAcl does the same for one version. Resource type: object.
	S3PutObjectVersionAcl Action = "s3:PutObjectVersionAcl"
	// S3PutObjectTagging changes an object's tags, which lifecycle rules can
	// select objects by (so a tag can make a rule expire a log). Resource
	// type: object.
	S3PutObjectTagging Action = "s3:PutObjectTagging"
	// S3PutObjectVersionTagging does the same for one version; the source
	// document forgot it. Resource type: object.
	S3PutObjectVersionTagging Action = "s3:PutObjectVersionTagging"
	// S3DeleteObjectTagging removes an object's tags. Resource type: object.
	S3DeleteObjectTagging Action = "s3:DeleteObjectTagging"
	// S3DeleteObjectVersionTagging does the same for one version; the
	// source document forgot it. Resource type: object.
	S3DeleteObjectVersionTagging Action = "s3:DeleteObjectVersionTagging"
	// S3PutObjectLegalHold places or removes an Object Lock legal hold, so
	// it can release a log for deletion. Resource type: object.
	S3PutObjectLegalHold Action = "s3:PutObjectLegalHold"
	// S3PutObjectRetention changes an object's Object Lock retention; the
	// source document forgot it. Resource type: object.
	S3PutObjectRetention Action = "s3:PutObjectRetention"
	// S3BypassGovernanceRetention lets a principal delete, or shorten the
	// retention of, objects locked in governance mode; the source document
	// forgot it. Resource type: object
	// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-bypass).
	S3BypassGovernanceRetention Action = "s3:BypassGovernanceRetention"
	// S3UpdateObjectEncryption re-wraps an existing object's data key under
	// another KMS key without copying it; under a key the caller controls
	// and later deletes, the log becomes unreadable. Newer than the source
	// document
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_UpdateObjectEncryption.html).
	S3UpdateObjectEncryption Action = "s3:UpdateObjectEncryption"
	// S3ObjectOwnerOverrideToBucketOwner changes the owner of replicated
	// objects; denied as published. Resource type: object.
	S3ObjectOwnerOverrideToBucketOwner Action = "s3:ObjectOwnerOverrideToBucketOwner"

	// S3DeleteBucket deletes the (empty) bucket, after which anyone may
	// create a bucket of the same name and receive the logs. Resource type: bucket.
	S3DeleteBucket Action = "s3:DeleteBucket"
	// S3PutBucketPolicy replaces the bucket policy, for example to drop the
	// Deny statements that keep logs encrypted. Resource type: bucket.
	S3PutBucketPolicy Action = "s3:PutBucketPolicy"
	// S3DeleteBucketPolicy removes it. Resource type: bucket.
	S3DeleteBucketPolicy Action = "s3:DeleteBucketPolicy"
	// S3PutBucketAcl changes the bucket ACL. Resource type: bucket.
	S3PutBucketAcl Action = "s3:PutBucketAcl"
	// S3PutBucketOwnershipControls changes or (through the
	// DeleteBucketOwnershipControls API, which S3 authorizes with this
	// action) removes Object Ownership, re-enabling ACLs. Resource type: bucket
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketOwnershipControls.html).
	S3PutBucketOwnershipControls Action = "s3:PutBucketOwnershipControls"
	// S3PutBucketPublicAccessBlock changes or removes the bucket's Block
	// Public Access settings. Resource type: bucket.
	S3PutBucketPublicAccessBlock Action = "s3:PutBucketPublicAccessBlock"
	// S3PutBucketVersioning suspends versioning, after which deletes and
	// overwrites destroy instead of adding versions. Resource type: bucket.
	S3PutBucketVersioning Action = "s3:PutBucketVersioning"
	// S3PutBucketObjectLockConfiguration changes the default Object Lock
	// retention. Resource type: bucket.
	S3PutBucketObjectLockConfiguration Action = "s3:PutBucketObjectLockConfiguration"
	// S3PutLifecycleConfiguration adds rules that expire (delete) logs.
	// Resource type: bucket.
	S3PutLifecycleConfiguration Action = "s3:PutLifecycleConfiguration"
	// S3PutIntelligentTieringConfiguration can move logs into the archive
	// access tiers, where they cannot be read until restored; the source
	// document forgot it. Resource type: bucket.
	S3PutIntelligentTieringConfiguration Action = "s3:PutIntelligentTieringConfiguration"
	// S3PutReplicationConfiguration copies logs elsewhere or stops
	// replication to a backup. Resource type: bucket.
	S3PutReplicationConfiguration Action = "s3:PutReplicationConfiguration"
	// S3PutEncryptionConfiguration changes the default encryption new logs
	// get. Resource type: bucket.
	S3PutEncryptionConfiguration Action = "s3:PutEncryptionConfiguration"
	// S3PutBucketLogging changes server access logging, the record of who
	// read or deleted logs. Resource type: bucket.
	S3PutBucketLogging Action = "s3:PutBucketLogging"
	// S3PutInventoryConfiguration changes inventory reports, which can list
	// the logs to another bucket; denied as published. Resource type: bucket.
	S3PutInventoryConfiguration Action = "s3:PutInventoryConfiguration"
	// S3PutBucketWebsite turns on static website hosting; denied as
	// published. Resource type: bucket.
	S3PutBucketWebsite Action = "s3:PutBucketWebsite"
	// S3PutBucketTagging changes the bucket's tags (tag-based access
	// control may depend on them); denied as published. Resource type: bucket.
	S3PutBucketTagging Action = "s3:PutBucketTagging"

	// S3PutAccountPublicAccessBlock changes the account-wide Block Public
	// Access settings. It acts on no bucket (no resource type: the
	// Resource must be "*"), so it gets its own statement.
	S3PutAccountPublicAccessBlock Action = "s3:PutAccountPublicAccessBlock"
)

// CloudTrail actions denied on the protected trails (the site's trails
// outside the management account, and [Options.ProtectTrails]): everything
// that stops a trail or changes what it logs or where it delivers. Each
// takes the trail resource type
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html).
const (
	// CloudTrailStopLogging stops recording and delivery.
	CloudTrailStopLogging Action = "cloudtrail:StopLogging"
	// CloudTrailDeleteTrail deletes the trail.
	CloudTrailDeleteTrail Action = "cloudtrail:DeleteTrail"
	// CloudTrailUpdateTrail changes the bucket, prefix, KMS key, log file
	// validation, multi-Region and organization settings.
	CloudTrailUpdateTrail Action = "cloudtrail:UpdateTrail"
	// CloudTrailPutEventSelectors changes which management and data events
	// are logged (it can exclude all of them).
	CloudTrailPutEventSelectors Action = "cloudtrail:PutEventSelectors"
	// CloudTrailPutInsightSelectors changes which Insights events are logged.
	CloudTrailPutInsightSelectors Action = "cloudtrail:PutInsightSelectors"
	// CloudTrailPutEventConfiguration changes a trail's event configuration
	// (aggregation settings)
	// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventConfiguration.html).
	CloudTrailPutEventConfiguration Action = "cloudtrail:PutEventConfiguration"
)

// CloudTrail actions denied on the protected trails only with
// [Options.DenyTrailCreationAndTagging], the four that the AWS
// Organizations tutorial's SCP denies besides those of trailActions. Each
// takes the trail resource type
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html).
const (
	// CloudTrailCreateTrail creates a trail: denied on a protected trail's
	// ARN, it stops anyone from creating a trail of that name again, after
	// a deletion or in another Region, with other settings.
	CloudTrailCreateTrail Action = "cloudtrail:CreateTrail"
	// CloudTrailStartLogging starts a stopped trail's recording.
	CloudTrailStartLogging Action = "cloudtrail:StartLogging"
	// CloudTrailAddTags adds or overwrites a trail's tags, which
	// tag-based policies may read.
	CloudTrailAddTags Action = "cloudtrail:AddTags"
	// CloudTrailRemoveTags removes a trail's tags.
	CloudTrailRemoveTags Action = "cloudtrail:RemoveTags"
)

// KMS actions denied on the site's key (kmsKeyArn, unless
// [Options.LeaveKeyUnprotected]): everything that makes the logs it
// encrypted undecryptable. Each takes the key resource type
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_kms.html).
const (
	// KMSScheduleKeyDeletion schedules the key's deletion; once deleted,
	// every log encrypted under it is lost.
	KMSScheduleKeyDeletion Action = "kms:ScheduleKeyDeletion"
	// KMSDisableKey disables the key: no log can be decrypted and
	// CloudTrail cannot encrypt new ones.
	KMSDisableKey Action = "kms:DisableKey"
	// KMSDisableKeyRotation turns off the key's automatic rotation, so its
	// key material stays in use for longer than the owner decided
	// (DisableKeyRotation in the AWS KMS API Reference, and its action in
	// the Service Authorization Reference's list of AWS KMS actions).
	KMSDisableKeyRotation Action = "kms:DisableKeyRotation"
	// KMSPutKeyPolicy replaces the key policy, for example to remove the
	// readers' Decrypt permission or CloudTrail's GenerateDataKey*.
	KMSPutKeyPolicy Action = "kms:PutKeyPolicy"
	// KMSDeleteImportedKeyMaterial makes a key with imported key material
	// unusable until the same material is imported again
	// (https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html).
	KMSDeleteImportedKeyMaterial Action = "kms:DeleteImportedKeyMaterial"
)

// bucketActions are denied on the bucket and its objects. Order is the
// rendering order: sorted, so the document is easy to compare by eye.
var bucketActions = []Action{
	S3BypassGovernanceRetention,
	S3DeleteBucket,
	S3DeleteBucketPolicy,
	S3DeleteObject,
	S3DeleteObjectTagging,
	S3DeleteObjectVersion,
	S3DeleteObjectVersionTagging,
	S3ObjectOwnerOverrideToBucketOwner,
	S3PutBucketAcl,
	S3PutBucketLogging,
	S3PutBucketObjectLockConfiguration,
	S3PutBucketOwnershipControls,
	S3PutBucketPolicy,
	S3PutBucketPublicAccessBlock,
	S3PutBucketTagging,
	S3PutBucketVersioning,
	S3PutBucketWebsite,
	S3PutEncryptionConfiguration,
	S3PutIntelligentTieringConfiguration,
	S3PutInventoryConfiguration,
	S3PutLifecycleConfiguration,
	S3PutObject,
	S3PutObjectAcl,
	S3PutObjectLegalHold,
	S3PutObjectRetention,
	S3PutObjectTagging,
	S3PutObjectVersionAcl,
	S3PutObjectVersionTagging,
	S3PutReplicationConfiguration,
	S3RestoreObject,
	S3UpdateObjectEncryption,
}

// accountActions take no resource and are denied on "*".
var accountActions = []Action{S3PutAccountPublicAccessBlock}

var trailActions = []Action{
	CloudTrailDeleteTrail,
	CloudTrailPutEventConfiguration,
	CloudTrailPutEventSelectors,
	CloudTrailPutInsightSelectors,
	CloudTrailStopLogging,
	CloudTrailUpdateTrail,
}

// trailCreationActions are added to trailActions with
// [Options.DenyTrailCreationAndTagging].
var trailCreationActions = []Action{
	CloudTrailAddTags,
	CloudTrailCreateTrail,
	CloudTrailRemoveTags,
	CloudTrailStartLogging,
}

var keyActions = []Action{
	KMSDeleteImportedKeyMaterial,
	KMSDisableKey,
	KMSDisableKeyRotation,
	KMSPutKeyPolicy,
	KMSScheduleKeyDeletion,
}

// BucketActions returns the actions denied on the log bucket and its
// objects (DenyLogBucketTampering), sorted; [S3PutObject] is among them. It
// is a new slice on each call. Package rcp denies the same actions to every
// principal outside the break-glass roles.
func BucketActions() []Action { return slices.Clone(bucketActions) }

// KeyActions returns the actions denied on the log key
// (DenyLogKeyTampering), sorted. It is a new slice on each call.
func KeyActions() []Action { return slices.Clone(keyActions) }

// Strings returns the actions as the strings a statement holds, in order,
// leaving out those in skip.
func Strings(actions []Action, skip ...Action) []string { return strs(actions, skip...) }

// Actions returns every action [Build] can emit, sorted. It is a new slice
// on each call.
func Actions() []Action {
	all := slices.Concat(bucketActions, accountActions, trailActions, trailCreationActions, keyActions)
	slices.Sort(all)
	return slices.Compact(all)
}

// strs converts actions to the strings a statement holds, leaving out those
// in skip.
func strs(actions []Action, skip ...Action) []string {
	out := make([]string, 0, len(actions))
	for _, a := range actions {
		if !slices.Contains(skip, a) {
			out = append(out, string(a))
		}
	}
	return out
}
