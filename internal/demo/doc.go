// Package demo describes a fictional partnership of agencies and generates
// synthetic children and adults, so that mace can be shown, tried and tested
// without anyone's real record.
//
// Partnership gives the organisations, teams and staff of the demo
// partnership. A Generator makes people whose names follow the frequencies
// of names in England and Wales, whose ethnicities follow the 2021 census,
// and whose identifiers cannot belong to anyone: phone numbers from the
// range Ofcom keeps for drama, NHS numbers from the range kept for test data
// and pupil numbers with a local authority number that no authority has.
// The same seed always gives the same people.
//
// The name and postcode tables are embedded from the data folder, whose
// SOURCE.md says where each came from and under what licence.
package demo
