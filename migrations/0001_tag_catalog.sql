-- The tag catalog is reference data every installation needs: tagging validates codes against it.
INSERT INTO "population"."tags" ("code", "name", "category", "description") VALUES
  ('ELDERLY_LIVING_ALONE', 'Elderly living alone', 'SPECIAL_CARE', 'Aged 60 or over and living without family; checked on in person.'),
  ('BEDRIDDEN', 'Bedridden', 'SPECIAL_CARE', 'Cannot leave home; sampled at home by a door-to-door team.'),
  ('DIALYSIS', 'Dialysis patient', 'SPECIAL_CARE', 'Needs regular hospital dialysis whatever the lockdown level.'),
  ('PREGNANT', 'Pregnant', 'SPECIAL_CARE', 'Needs prenatal care and a guaranteed route to hospital.'),
  ('DISABLED', 'Disabled', 'SPECIAL_CARE', 'Holds a disability certificate; may need assistance to be sampled.'),
  ('KEY_INDUSTRY_WORKER', 'Key industry worker', 'OCCUPATION', 'Works in a key industry (logistics, medical, cold chain, utilities); sampled more often.'),
  ('RETURNED_FROM_RISK_AREA', 'Returned from a risk area', 'TRAVEL', 'Arrived from a medium- or high-risk area and is followed up.'),
  ('EXEMPT_FROM_TESTING', 'Exempt from testing', 'EPIDEMIC_PREVENTION', 'Exempt from routine nucleic-acid testing; left out of call lists and testing coverage.');
