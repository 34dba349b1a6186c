import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';

export enum TagCategory {
  SPECIAL_CARE = 'SPECIAL_CARE',
  OCCUPATION = 'OCCUPATION',
  TRAVEL = 'TRAVEL',
  EPIDEMIC_PREVENTION = 'EPIDEMIC_PREVENTION',
}
registerEnumType(TagCategory, {
  name: 'TagCategory',
  description: 'What a tag is about.',
  valuesConfig: {
    SPECIAL_CARE: { description: 'Needs special care (counted by the specialCare index).' },
    OCCUPATION: { description: 'About the resident\'s work.' },
    TRAVEL: { description: 'About recent travel.' },
    EPIDEMIC_PREVENTION: { description: 'About epidemic-prevention rules, e.g. a testing exemption.' },
  },
});

@ObjectType({ description: 'A label from the tag catalog that community workers put on residents.' })
export class Tag {
  @Field(() => String, { description: 'Stable code, e.g. ELDERLY_LIVING_ALONE.' })
  code!: string;

  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Field(() => TagCategory, { description: 'What the tag is about.' })
  category!: TagCategory;

  @Field(() => String, { description: 'What the tag means and how it is used.' })
  description!: string;
}

@ObjectType({ description: 'One tagging of a resident: who put the tag on, when and why, and, once ended, who took it off, when and why.' })
export class TagAssignment {
  @Field(() => Tag, { description: 'The tag.' })
  tag!: Tag;

  @Field(() => DateTimeResolver, { description: 'When the tag was put on.' })
  taggedAt!: Date;

  @Field(() => String, { description: 'Who put the tag on.' })
  taggedBy!: string;

  @Field(() => String, { description: 'Why the tag was put on.' })
  reason!: string;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the tag was taken off; null while it holds.' })
  untaggedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who took the tag off.' })
  untaggedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the tag was taken off.' })
  untagReason!: string | null;
}
