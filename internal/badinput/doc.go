// Package badinput holds no code: its tests are a catalogue of hostile
// inputs for every builder of the module (bucket, kmskey, trust, scp, the
// policy decoder and validators, and the setup loader), each checked to
// fail with exactly one problem, which names the field by its setup path
// and the offending value and wraps the right sentinel of package policy or
// cloudtrail, and never to yield a document. A builder whose input is a
// shared value of the logging site gets it through cloudtrail.New, as the
// setup does.
//
// The command's part (cli_test.go) runs the trailpolicy binary, built once,
// on hostile command lines, files and output directories: inputs past the
// 4 MiB cap, huge keys and arguments (quoted cut at 120 characters), flags
// given twice, thousands of problems (a screenful and a count), existing
// policies that are not what they claim (keys given twice, non-policies,
// the AWS CLI's wrapper around a document, policies of another kind),
// requests with wildcards, and -out directories holding symbolic links. Each
// case states the exit status, what stderr says and that stdout stays empty.
// nil_test.go calls the root package's methods on nil values.
//
// The catalogue lives in one place so that a reader can see at a glance what
// the library refuses; the builders' own tests cover their options.
package badinput
