// Type references (`String`, `List[Int]`, `Model`…).

import type * as C from "../../../syntax/cst.generated.js";
import { M } from "../../../diagnostics/catalog.js";
import { didYouMean } from "../../../diagnostics/suggest.js";
import { ARTIFACT_TYPE_NAMES, PARAM_TYPE_NAMES, type ArtifactTypeName, type ParamTypeName, type Type } from "../../../ir/types.js";
import { type Lowering, first, tokenLoc, nodeLoc, report } from "./context.js";

export function lowerType(cx: Lowering, t: C.TypeRefCstNode): Type {
  const id = t.children.Identifier[0];
  const name = id.image;
  const inner = first(t.children.typeRef);
  if ((PARAM_TYPE_NAMES as readonly string[]).includes(name)) {
    if (inner !== undefined) {
      if (name !== "List") {
        report(cx, M.typeArgumentNotList.at(tokenLoc(cx, id), name));
        return { kind: "param", name: name as ParamTypeName };
      }
      const items = lowerType(cx, inner);
      if (items.kind !== "param") {
        report(cx, M.listItemArtifact.at(nodeLoc(cx, inner)));
      }
      return { kind: "param", name: "List", items };
    }
    return { kind: "param", name: name as ParamTypeName };
  }
  if (inner !== undefined) report(cx, M.typeArgumentNotList.at(tokenLoc(cx, id), name));
  if ((ARTIFACT_TYPE_NAMES as readonly string[]).includes(name)) return { kind: "artifact", name: name as ArtifactTypeName };
  if (name === "Status") return { kind: "status" };
  report(cx, M.unknownType.at(tokenLoc(cx, id), name, didYouMean(name, [...PARAM_TYPE_NAMES, ...ARTIFACT_TYPE_NAMES, "Status"])));
  return { kind: "param", name: "String" };
}
