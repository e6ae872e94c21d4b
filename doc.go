// Package fieldbot holds the domain of the field-progress bot: units and
// people, forms and their fields, periods of the statistical year,
// submissions with revisions, indicators and targets. It imports only the
// standard library; every dependency lives in a subpackage of its own.
package fieldbot
