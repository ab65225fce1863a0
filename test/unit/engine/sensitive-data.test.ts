import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/engine/config';
import type { Engine } from '../../../server/src/engine/engine';
import { defineRule } from '../../../server/src/engine/rule';
import { classifySensitiveName, sensitiveNameStatus } from '../../../server/src/engine/sensitive';
import { selectedColumns } from '../../../server/src/engine/sensitive-data';
import { analyseCells, analysePython, engineWith } from '../../helpers/engine';

/** Reports what the model says about each argument of `show(...)`: "shape/evidence: columns" or "none". */
const probe = defineRule({
  id: 'probe-personal-data',
  category: 'pii-exposure',
  severity: 'info',
  message: 'probe',
  docs: { what: 'w', why: 'w', fix: 'w', example: { bad: 'x', good: 'y' } },
  calls: ['show'],
  onCall(call, context) {
    for (const argument of call.positional) {
      const data = context.personalData(argument);
      context.report({ node: argument, message: data ? `${data.shape}/${data.evidence}: ${data.columns.join(',')}` : 'none' });
    }
  },
});

function seen(engine: Engine, code: string, config = defaultConfig()): string[] {
  return analysePython(engine, code, config).findings.map((f) => `${f.range.start.line + 1}: ${f.message}`);
}

describe('sensitive-data model', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWith([probe]);
  });

  it('classifies names by their parts, not substrings', () => {
    assert.equal(classifySensitiveName('customer_email'), 'direct');
    assert.equal(classifySensitiveName('EmailAddress'), 'direct');
    assert.equal(classifySensitiveName('Date of Birth'), 'direct');
    assert.equal(classifySensitiveName('phone_number'), 'direct');
    assert.equal(classifySensitiveName('customer_name'), 'direct');
    assert.equal(classifySensitiveName('Name'), 'name');
    assert.equal(classifySensitiveName('zip_code'), 'quasi');
    assert.equal(classifySensitiveName('salary'), 'quasi');
    for (const name of ['model_name', 'file_name', 'column_name', 'run_name', 'filename', 'email_domain', 'n_emails', 'email_col', 'phone_model', 'zip_path', 'mac_address', 'user_id', 'emailed'])
      assert.equal(classifySensitiveName(name), undefined, name);
    assert.equal(sensitiveNameStatus('email_hash'), 'negated');
    assert.equal(classifySensitiveName('loyalty_tier', ['loyalty_tier']), 'direct');
  });

  it('reads the column list of a literal SELECT', () => {
    assert.deepEqual(selectedColumns('SELECT id, u.email, phone AS tel FROM users'), ['id', 'email', 'tel']);
    assert.equal(selectedColumns('SELECT * FROM users'), undefined);
  });

  it('traces tables built from dicts, columns= and usecols= through selections and row methods', () => {
    const code = [
      'import pandas as pd',
      'df = pd.DataFrame({"email": emails, "age": ages})',
      'show(df, df.head(), df["email"], df[["age"]], df.loc[:, ["email", "age"]])',
      'users = pd.read_csv("u.csv", usecols=["user_id", "phone"])',
      'show(users.sample(5), users.to_dict("records"))',
      'frame = pd.DataFrame(rows, columns=["first_name", "score"])',
      'show(frame)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), [
      '3: table/data: email',
      '3: table/data: email',
      '3: column/data: email',
      '3: none',
      '3: table/data: email',
      '5: table/data: phone',
      '5: table/data: phone',
      '7: table/data: first_name',
    ]);
  });

  it('is quiet after a drop, a del, a mask, a keyed hash and on aggregates', () => {
    const code = [
      'import hmac',
      'import pandas as pd',
      'df = pd.DataFrame({"email": emails, "ssn": ssns, "age": ages})',
      'a = df.drop(columns=["email", "ssn"])',
      'b = df.copy()',
      'del b["email"]',
      'b.drop("ssn", axis=1, inplace=True)',
      'c = df.copy()',
      'c["email"] = c["email"].str.replace(r".+@", "***@", regex=True)',
      'c["ssn"] = c["ssn"].apply(lambda v: hmac.new(KEY, v.encode(), "sha256").hexdigest())',
      'show(a, b, c, df.describe(), df.shape, len(df), df["email"].nunique(), df.columns)',
      'show(df["age"].value_counts(), df.groupby("age").size())',
      '',
    ].join('\n');
    assert.deepEqual(
      seen(engine, code).filter((s) => !s.endsWith('none')),
      [],
    );
  });

  it('keeps reporting value_counts of an identifying column and normalising replaces', () => {
    const code = ['import pandas as pd', 'df = pd.DataFrame({"email": emails})', 'show(df["email"].value_counts(), df["email"].str.replace("-", ""))', ''].join('\n');
    assert.deepEqual(seen(engine, code), ['3: column/data: email', '3: column/data: email']);
  });

  it('reports a bare name only in data that identifies people', () => {
    const code = [
      'import pandas as pd',
      'titanic = pd.read_csv("train.csv")',
      'titanic["Title"] = titanic["Name"].str.extract(r" ([A-Za-z]+)\\.")',
      'customers = pd.read_csv("data/customers.csv")',
      'customers["name"].str.len()',
      'staff = pd.DataFrame({"name": names, "salary": salaries})',
      'show(titanic.head(), customers.head(), staff)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['7: none', '7: table/data: name', '7: table/data: name,salary']);
  });

  it('follows rows, f-strings, variables named like personal data, and skips configuration', () => {
    const code = [
      'import os',
      'import pandas as pd',
      'df = pd.read_csv("leads.csv", usecols=["email", "score"])',
      'for _, row in df.iterrows():',
      '    show(row["email"], f"to {row.email}", _)',
      'user_email = lookup()',
      'show(f"hello {user_email}", email_count, os.environ["EMAIL"], settings.email)',
      'for name, param in model.named_parameters():',
      '    show(name)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['5: value/data: email', '5: value/data: email', '5: none', '7: value/name: user_email', '7: none', '7: none', '7: none', '9: none']);
  });

  it('takes columns read from an unknown table as evidence, and renames', () => {
    const code = ['data = load()', 'data["ssn"].isna().sum()', 'out = data.rename(columns={"ssn": "id_number"})', 'show(data, out)', ''].join('\n');
    assert.deepEqual(seen(engine, code), ['4: table/data: ssn', '4: table/data: id_number']);
  });

  it('traces data across notebook cells', () => {
    const { result } = analyseCells(engine, ['import pandas as pd\npatients = pd.read_csv("patients.csv")', 'patients["diagnosis"].value_counts()\npatients["name"].head()', 'show(patients.head())']);
    assert.deepEqual(
      result.findings.map((f) => `${f.unit}: ${f.message}`),
      ['2: table/data: diagnosis,name'],
    );
  });

  it('uses the sensitive-columns setting', () => {
    const code = ['import pandas as pd', 'df = pd.DataFrame({"loyalty_tier": tiers})', 'show(df)', ''].join('\n');
    assert.deepEqual(seen(engine, code), ['3: none']);
    assert.deepEqual(seen(engine, code, { ...defaultConfig(), sensitiveColumns: ['loyalty_tier'] }), ['3: table/data: loyalty_tier']);
  });
});

describe('sensitive-data model across functions', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWith([probe]);
  });

  it('follows data into the parameters of functions it is passed to, and out of train_test_split', () => {
    const code = [
      'import pandas as pd',
      'from sklearn.model_selection import train_test_split',
      'users = pd.read_csv("u.csv", usecols=["email", "age"])',
      'def export(frame, label):',
      '    show(frame, label)',
      'export(users.head(50), "first")',
      'train, test = train_test_split(users, test_size=0.2)',
      'X_train, X_test, y_train, y_test = train_test_split(users[["age"]], users["email"])',
      'show(train, test, X_train, y_test)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['5: table/data: email', '5: none', '9: table/data: email', '9: table/data: email', '9: none', '9: column/data: email']);
  });

  it('reads the fields of a pydantic model or dataclass a parameter is annotated with', () => {
    const code = [
      'from pydantic import BaseModel',
      'class Applicant(BaseModel):',
      '    applicant_id: str',
      '    email: str',
      '    income: float',
      'def score(applicant: Applicant):',
      '    show(applicant.dict(), applicant.email, applicant.applicant_id)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['7: value/data: email,income', '7: value/data: email', '7: none']);
  });
});

describe('sensitive-data model through helpers', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWith([probe]);
  });

  it('follows what a function of the program returns, and merges where only one side is personal', () => {
    const code = [
      'import pandas as pd',
      'def load_customers(path="c.csv"):',
      '    frame = pd.read_csv(path, usecols=["customer_id", "email"])',
      '    return frame',
      'def load_orders():',
      '    return pd.read_csv("orders.csv", usecols=["customer_id", "amount"])',
      'customers = load_customers()',
      'orders = load_orders()',
      'joined = orders.groupby("customer_id").sum().reset_index().merge(customers, on="customer_id")',
      'show(customers, orders, joined)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['10: table/data: email', '10: none', '10: table/data: email']);
  });
});

describe('sensitive-data model: records, polars and writers', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWith([probe]);
  });

  it('takes keys read from the items of a list as evidence of what the list holds', () => {
    const code = ['payload = request.get_json()', 'customers = payload["customers"]', 'for customer in customers:', '    check(customer["email"])', 'show(customers)', ''].join('\n');
    assert.deepEqual(seen(engine, code), ['5: table/data: email']);
  });

  it('reads polars frames with columns=, and knows that to_csv(path) returns None', () => {
    const code = [
      'import polars as pl',
      'import pandas as pd',
      'bureau = pl.read_csv("b.csv", columns=["ssn", "score"])',
      'df = pd.DataFrame({"email": emails})',
      'show(bureau, df.to_csv("out.csv"), df.to_csv(index=False))',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['5: table/data: ssn', '5: none', '5: table/data: email']);
  });
});

describe('sensitive-data model vocabulary check', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWith([probe]);
  });

  it('opens for quoted column names with spaces and for a name in a people file, stays closed otherwise', () => {
    const spaced = ['import pandas as pd', 'df = pd.DataFrame({"Date of Birth": dobs, "Plan": plans})', 'show(df)', ''].join('\n');
    assert.deepEqual(seen(engine, spaced), ['3: table/data: Date of Birth']);
    const people = ['import pandas as pd', 'members = pd.read_csv("members.csv")', 'members["name"].nunique()', 'show(members)', ''].join('\n');
    assert.deepEqual(seen(engine, people), ['4: table/data: name']);
    const passengers = ['import pandas as pd', 'train = pd.read_csv("train.csv")', 'train["Name"].nunique()', 'show(train)', ''].join('\n');
    assert.deepEqual(seen(engine, passengers), ['4: none']);
  });
});

describe('sensitive-data model: data written in the code', () => {
  let engine: Engine;
  before(async () => {
    engine = await engineWith([probe]);
  });

  it('does not report sample rows written in the code, unless the list is filled at run time', () => {
    const code = [
      'import pandas as pd',
      'examples = pd.DataFrame([("Ada", "ada@example.com")], columns=["name", "email"])',
      'rows = []',
      'for line in lines:',
      '    rows.append(parse(line))',
      'parsed = pd.DataFrame(rows, columns=["name", "email"])',
      'show(examples, parsed)',
      '',
    ].join('\n');
    assert.deepEqual(seen(engine, code), ['7: none', '7: table/data: name,email']);
  });
});
