import { describe, expect, it } from 'vitest';
import { formCheckbox, formFields, formList, formOptionalNumber, formOptionalText, formText } from './form-fields';

describe('formFields', () => {
  it('keeps text fields, makes repeated names lists, and leaves out files and React\'s own fields', () => {
    const form = new FormData();
    form.append('name', 'Ann');
    form.append('states', 'CA');
    form.append('states', 'NY');
    form.append('$ACTION_ID_0123', '');
    form.append('$ACTION_REF_1', '');
    form.append('upload', new Blob(['x']), 'x.txt');
    expect(formFields(form)).toEqual({ name: 'Ann', states: ['CA', 'NY'] });
  });
});

describe('form field readers', () => {
  it.each([
    [formText, undefined, ''],
    [formText, '  Ann ', 'Ann'],
    [formOptionalText, '   ', null],
    [formOptionalText, 'a@b.example', 'a@b.example'],
    [formOptionalNumber, '', null],
    [formOptionalNumber, ' 25 ', 25],
    [formCheckbox, undefined, false],
    [formCheckbox, 'on', true],
    [formList, undefined, []],
    [formList, 'CA', ['CA']],
    [formList, ['CA', 'NY'], ['CA', 'NY']],
  ])('%#: %j reads as %j', (reader, value, expected) => {
    expect(reader.parse(value)).toEqual(expected);
  });

  it('reads a number input that is not a number as NaN, for the API schema to refuse', () => {
    expect(formOptionalNumber.parse('ten')).toBeNaN();
  });
});
