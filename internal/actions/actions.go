// Package actions holds the published IAM action lists of the services the
// library's documents concern (Amazon S3, AWS CloudTrail, AWS KMS), so that
// the scp package's tests check every action it emits and the check command
// refuses an action name no such service has. The lists, their source pages
// and the date they were read are in this folder's .txt files and README.md.
package actions

import (
	"embed"
	"slices"
	"strings"
	"sync"

	"github.com/trailpolicy/trailpolicy/internal/suggest"
)

//go:embed *.txt
var files embed.FS

// Services are the service prefixes with a list.
var Services = []string{"cloudtrail", "kms", "s3"}

var (
	once  sync.Once
	lists map[string][]string // service -> actions, sorted as in the file
)

// load reads every list once; a line starting with # is a comment.
func load() {
	lists = map[string][]string{}
	for _, s := range Services {
		data, err := files.ReadFile(s + ".txt")
		if err != nil {
			panic("actions: " + err.Error()) // embedded: cannot happen
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") {
				lists[s] = append(lists[s], line)
			}
		}
	}
}

// List returns the published actions of service ("s3"), as "s3:GetObject",
// sorted; nil for a service without a list. It is a new slice on each call.
func List(service string) []string {
	once.Do(load)
	return slices.Clone(lists[service])
}

// Check reports whether action ("s3:GetObject") is published. known is
// false for a service without a list, which says nothing of the action.
// IAM compares action names without regard to case
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html),
// so the match does too. For an unpublished action of a listed service,
// closest is the published action it probably means, or "".
func Check(action string) (known, published bool, closest string) {
	once.Do(load)
	service, _, _ := strings.Cut(action, ":")
	list, ok := lists[strings.ToLower(service)]
	if !ok {
		return false, false, ""
	}
	if slices.ContainsFunc(list, func(a string) bool { return strings.EqualFold(a, action) }) {
		return true, true, ""
	}
	closest, _ = suggest.Closest(action, list)
	return true, false, closest
}
