// Package badinput holds no code: its tests are a catalogue of hostile
// inputs for every builder of the module (bucket, kmskey, trust, scp, the
// policy decoder and validators, and the setup loader), each checked to
// fail with exactly one problem, which names the field by its setup path
// and the offending value and wraps the right sentinel of package policy or
// cloudtrail, and never to yield a document. A builder whose input is a
// shared value of the logging site gets it through cloudtrail.New, as the
// setup does.
//
// The catalogue lives in one place so that a reader can see at a glance what
// the library refuses; the builders' own tests cover their options.
package badinput
