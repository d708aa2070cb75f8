module github.com/trailpolicy/trailpolicy

go 1.24.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/micahhausler/aws-iam-policy v0.4.4
	github.com/xeipuuv/gojsonschema v1.2.0
)

require (
	github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f // indirect
	github.com/xeipuuv/gojsonreference v0.0.0-20180127040603-bd5ef7bd5415 // indirect
)
