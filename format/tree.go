package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// kind is the JSON type of a [value].
type kind int

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
	// kindKeyRef is a string that names the key the output creates (see
	// [withKeyRefs]): parts holds the text around each occurrence of the
	// key's placeholder ARN. Each format writes it as its own reference.
	kindKeyRef
	// kindIntrinsic is a CloudFormation intrinsic function: members holds
	// its one member, {"Fn::GetAtt": [...]}, for JSON; tag and text its
	// YAML short form, !GetAtt CloudTrailLogsKey.Arn.
	kindIntrinsic
)

// value is a JSON value that remembers the order of object members. Go maps
// forget it, and the templates must keep the order the policy renderer
// chose (Version before Statement, Sid before Effect) so that the embedded
// documents read like the JSON ones.
type value struct {
	kind kind
	// text is the string, the number as written, or "true"/"false".
	text    string
	elems   []value
	members []member
	// parts is the text around each reference (kindKeyRef); tag is the
	// YAML tag of an intrinsic function (kindIntrinsic).
	parts []string
	tag   string
}

// member is one key and value of an object.
type member struct {
	key string
	val value
}

func str(s string) value        { return value{kind: kindString, text: s} }
func boolean(b bool) value      { return value{kind: kindBool, text: fmt.Sprint(b)} }
func array(vs ...value) value   { return value{kind: kindArray, elems: vs} }
func object(ms ...member) value { return value{kind: kindObject, members: ms} }
func field(k string, v value) member {
	return member{key: k, val: v}
}

// parseJSON reads one JSON value, keeping object members in order and
// numbers as written.
func parseJSON(data []byte) (value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return value{}, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return value{}, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (value, error) {
	tok, err := dec.Token()
	if err != nil {
		return value{}, err
	}
	switch t := tok.(type) {
	case nil:
		return value{kind: kindNull}, nil
	case bool:
		return boolean(t), nil
	case json.Number:
		return value{kind: kindNumber, text: t.String()}, nil
	case string:
		return str(t), nil
	case json.Delim:
		switch t {
		case '[':
			v := value{kind: kindArray}
			for dec.More() {
				e, err := parseValue(dec)
				if err != nil {
					return value{}, err
				}
				v.elems = append(v.elems, e)
			}
			_, err := dec.Token() // ']'
			return v, err
		case '{':
			v := value{kind: kindObject}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return value{}, err
				}
				e, err := parseValue(dec)
				if err != nil {
					return value{}, err
				}
				v.members = append(v.members, field(k.(string), e))
			}
			_, err := dec.Token() // '}'
			return v, err
		}
	}
	return value{}, fmt.Errorf("unexpected JSON token %v", tok)
}

// appendJSON appends v as compact JSON without HTML escaping: policy
// strings may hold '<', '>' and '&' (in conditions), and AWS shows them as
// they are.
func (v value) appendJSON(buf *bytes.Buffer) error {
	switch v.kind {
	case kindNull:
		buf.WriteString("null")
	case kindBool, kindNumber:
		buf.WriteString(v.text)
	case kindString:
		return writeJSONString(buf, v.text)
	case kindArray:
		buf.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := e.appendJSON(buf); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case kindKeyRef:
		return errors.New("a reference to the created key has no JSON form")
	case kindObject, kindIntrinsic:
		buf.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSONString(buf, m.key); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := m.val.appendJSON(buf); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	}
	return nil
}

func writeJSONString(buf *bytes.Buffer, s string) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode's newline
	return nil
}

// indentedJSON renders v with two-space indentation and one trailing
// newline, like [policy.Document.JSON].
func (v value) indentedJSON() ([]byte, error) {
	var compact, out bytes.Buffer
	if err := v.appendJSON(&compact); err != nil {
		return nil, err
	}
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// yamlNode converts v into a YAML node tree. Every string stays a string:
// the encoder quotes the ones a YAML reader would otherwise take for
// something else, such as "2012-10-17" (a timestamp), "true" (a boolean),
// "123456789012" (a number) or "*" (an alias).
func (v value) yamlNode() *yaml.Node {
	switch v.kind {
	case kindNull:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case kindBool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v.text}
	case kindNumber:
		tag := "!!int"
		if strings.ContainsAny(v.text, ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v.text}
	case kindString:
		// Let the library choose the style it gives a Go string: besides
		// the YAML 1.2 cases above, that quotes the YAML 1.1 booleans
		// ("yes", "on") and base-60 numbers ("1:20") that older readers
		// would convert.
		n := &yaml.Node{}
		if err := n.Encode(v.text); err != nil || n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.text, Style: yaml.DoubleQuotedStyle}
		}
		return n
	case kindIntrinsic:
		// A YAML short form such as !GetAtt CloudTrailLogsKey.Arn; Fn::Sub
		// strings are quoted, so that no text in them reads as YAML.
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: v.tag, Value: v.text}
		if v.tag == "!Sub" {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n
	case kindArray:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, e := range v.elems {
			n.Content = append(n.Content, e.yamlNode())
		}
		return n
	default: // kindObject
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, m := range v.members {
			n.Content = append(n.Content, str(m.key).yamlNode(), m.val.yamlNode())
		}
		return n
	}
}
