import { Text } from '@tarojs/components';
import type { CompoundView } from '../../../types/domain';
import { PLACE_LIMITS } from '../../../types/limits';
import CompoundTiles from '../compound-tiles';
import TextField from '../text-field';

export interface PlaceValue {
  compoundId: string | null;
  building: string;
  unit: string;
}

export interface PlaceFieldsProps {
  compounds: CompoundView[];
  value: PlaceValue;
  onChange: (patch: Partial<PlaceValue>) => void;
  /** The step's label, e.g. 「3. 在哪个小区？」. */
  label: string;
  /** Test ids and element ids start with it: '' on the report page, 'intake-' on the member's intake. */
  idPrefix: string;
}

/** Where the problem is: the compound tiles, then building and unit, with the lengths the server accepts. */
export default function PlaceFields({ compounds, value, onChange, label, idPrefix }: PlaceFieldsProps) {
  const labelId = `${idPrefix || 'report-'}compound-label`;
  return (
    <>
      <Text className='gk-label' id={labelId}>
        {label}
      </Text>
      <CompoundTiles
        compounds={compounds}
        selectedId={value.compoundId}
        onSelect={(id) => onChange({ compoundId: id })}
        testIdPrefix={`${idPrefix}compound-`}
        labelledBy={labelId}
      />

      <TextField
        label='几幢（楼号）'
        value={value.building}
        maxlength={PLACE_LIMITS.building}
        placeholder='例如：3幢'
        testId={`${idPrefix}building`}
        onInput={(building) => onChange({ building })}
      />
      <TextField
        label='单元和门牌号'
        value={value.unit}
        maxlength={PLACE_LIMITS.unit}
        placeholder='例如：2单元401'
        testId={`${idPrefix}unit`}
        onInput={(unit) => onChange({ unit })}
      />
    </>
  );
}
