import { describe, expect, it } from "vitest";
import { kubernetesNames } from "../../../src/passes/validate/rules/kubernetes-names.js";
import { component, pipeline, program, serve, step, tune } from "./ir-fixtures.js";
import { at, check, expectDiagnostics, relatedAt } from "./support.js";

describe("kubernetes-names", () => {
  it("accepts names that become valid DNS labels", () => {
    expectDiagnostics(
      `pipeline Fraud_Detection_v2 {
  param Source_URI: String = "s3://a"
  prep_1 = prepare(source: Source_URI)
}
`,
      [],
    );
  });

  it("reports names that start or end with '_' and names longer than 63 characters", () => {
    const long = `step_${"x".repeat(60)}`;
    expectDiagnostics(
      `pipeline p_ {
  param _source: String = "s3://a"
  _prep = prepare(source: _source)
  ${long} = prepare(source: _source)
}
`,
      [
        ["MLP2018", "pipeline «p_»"],
        ["MLP2018", "param «_source»"],
        ["MLP2018", "_prep = prepare(source: _source)"],
        ["MLP2018", `${long} = prepare(source: _source)`],
      ],
    );
  });

  it("reports different names that become the same label, pointing at the first", () => {
    const src = `pipeline p {
  Prep_Data = prepare(source: "s3://a")
  prep_data = prepare(source: "s3://b")
}
`;
    const [d] = expectDiagnostics(src, [["MLP2018", `prep_data = prepare(source: "s3://b")`]]);
    expect(d.message).toContain("'prep-data'");
    expect(relatedAt(d)).toEqual([at(check(src).text, "Prep_Data")]);
  });

  it("reports parameter names KFP reserves", () => {
    expectDiagnostics(
      `pipeline p {
  param pipelinechannel_x: String = "a"
  prepare(source: pipelinechannel_x)
}
`,
      [["MLP2018", "param «pipelinechannel_x»"]],
    );
  });

  it("requires serves and tunes to start with a letter (DNS-1035), checked on builder IR", () => {
    const p = program({
      components: [component("9lives"), component("ok")],
      pipelines: [pipeline("p", [step("1st", "ok"), step("has.dot", "ok")])],
      tunes: [tune("1tune", "ok"), tune("good", "ok")],
      serves: [serve("2serve"), serve("fine")],
    });
    const ds = kubernetesNames.check(p);
    expect(ds.map((d) => [d.code, d.message.match(/name '([^']+)'/)?.[1]])).toEqual([
      ["MLP2018", "1tune"],
      ["MLP2018", "2serve"],
      ["MLP2018", "has.dot"],
    ]);
  });
});
