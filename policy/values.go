package policy

import (
	"slices"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// Strings returns a value list that renders as a bare string when it holds
// one value and as an array otherwise, the way AWS's own examples write it.
func Strings(values ...string) *iampolicy.StringOrSlice {
	return iampolicy.NewStringOrSlice(len(values) == 1, values...)
}

// List returns a value list that always renders as an array.
func List(values ...string) *iampolicy.StringOrSlice {
	return iampolicy.NewStringOrSlice(false, values...)
}

// Conditions is a Condition element: operator, then condition key, then
// values. It converts to the base library's statement field directly.
type Conditions map[string]map[string]*iampolicy.ConditionValue

// With adds values for key under operator op and returns c, creating the map
// when c is nil. One value renders bare, several as an array.
func (c Conditions) With(op, key string, values ...string) Conditions {
	if c == nil {
		c = Conditions{}
	}
	if c[op] == nil {
		c[op] = map[string]*iampolicy.ConditionValue{}
	}
	c[op][key] = iampolicy.NewConditionValueString(len(values) == 1, values...)
	return c
}

// ServicePrincipal returns {"Service": name}.
func ServicePrincipal(name string) *iampolicy.Principal {
	return iampolicy.NewServicePrincipal(name)
}

// AWSPrincipal returns {"AWS": arn} for one ARN and {"AWS": [...]} for several.
func AWSPrincipal(arns ...string) *iampolicy.Principal {
	return iampolicy.NewAWSPrincipal(arns...)
}

// Everyone returns the wildcard principal "*". Statements that use it must
// be Deny statements or carry conditions that narrow it.
func Everyone() *iampolicy.Principal {
	return iampolicy.NewGlobalPrincipal()
}

// SortedUnique returns a sorted copy of values without duplicates. The
// caller's slice is never modified: set-like inputs such as account lists are
// made canonical so that reordering them changes nothing in the output.
func SortedUnique(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return slices.Compact(out)
}
