// Schema constructors for hosts writing providers (aws-login, azure-login, ...).

export {
  Always,
  Never,
  stringSchema as string,
  numberSchema as number,
  booleanSchema as boolean,
  nullSchema as null,
  arrayOf,
  tupleOf,
  mapOf,
  recordOf,
  objectOf,
  anyOf,
  oneOf,
} from "./schema";
