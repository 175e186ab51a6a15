import type { CstNode, IRecognitionException, IToken, ILookaheadStrategy as LLk, TokenType } from "chevrotain";
import { CstParser, EOF, GRAMMAR_CHECKS, LLkLookaheadStrategy } from "./chevrotain.js";
import * as T from "./lexer.js";

const K = T.K;

/**
 * The .mlpipe parser: a chevrotain CST parser with error recovery on and no semantic actions. Its rules
 * mirror grammar/mlpipe.ebnf one for one (a test keeps the two in sync); src/frontend/dsl/lower.ts gives
 * the tree its meaning. Built once at module scope.
 */
class MlpipeParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      skipValidations: !GRAMMAR_CHECKS,
      lookaheadStrategy: new LazyLookahead({ maxLookahead: 3 }),
    });
    this.performSelfAnalysis();
  }

  // -- files -----------------------------------------------------------------------------------------

  public file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  private topLevel = this.RULE("topLevel", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.componentDecl) },
      { ALT: () => this.SUBRULE(this.pipelineDecl) },
      { ALT: () => this.SUBRULE(this.tuneDecl) },
      { ALT: () => this.SUBRULE(this.serveDecl) },
    ]);
  });

  private importDecl = this.RULE("importDecl", () => {
    this.CONSUME(K.import);
    this.OR([
      { ALT: () => this.SUBRULE(this.string) },
      {
        ALT: () => {
          this.CONSUME(T.LBrace);
          this.CONSUME(T.Identifier);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.CONSUME2(T.Identifier);
          });
          this.OPTION(() => this.CONSUME2(T.Comma));
          this.CONSUME(T.RBrace);
          this.CONSUME(K.from);
          this.SUBRULE2(this.string);
        },
      },
    ]);
  });

  // -- components ------------------------------------------------------------------------------------

  private componentDecl = this.RULE("componentDecl", () => {
    this.CONSUME(K.component);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.componentItem));
    this.CONSUME(T.RBrace);
  });

  private componentItem = this.RULE("componentItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.descriptionItem) },
      {
        ALT: () => {
          this.CONSUME(K.image);
          this.SUBRULE(this.string);
        },
      },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
      {
        ALT: () => {
          this.CONSUME(K.run);
          this.SUBRULE(this.commandList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.args);
          this.SUBRULE2(this.commandList);
        },
      },
      { ALT: () => this.CONSUME(K.sideEffects) },
      { ALT: () => this.SUBRULE(this.setting) },
    ]);
  });

  private inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(K.input);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.CONSUME(T.Question));
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private outputDecl = this.RULE("outputDecl", () => {
    this.CONSUME(K.output);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private typeRef = this.RULE("typeRef", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Lt);
      this.SUBRULE(this.typeRef);
      this.CONSUME(T.Gt);
    });
  });

  private commandList = this.RULE("commandList", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.commandItem);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.commandItem);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  private commandItem = this.RULE("commandItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.if);
          this.CONSUME(T.Identifier);
          this.SUBRULE(this.commandList);
          this.OPTION(() => {
            this.CONSUME(K.else);
            this.SUBRULE2(this.commandList);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  private descriptionItem = this.RULE("descriptionItem", () => {
    this.CONSUME(K.description);
    this.SUBRULE(this.string);
  });

  // -- settings --------------------------------------------------------------------------------------

  private setting = this.RULE("setting", () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.env); this.SUBRULE(this.struct); } },
      {
        ALT: () => {
          this.CONSUME(K.resources);
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.resourceItem));
          this.CONSUME(T.RBrace);
        },
      },
      { ALT: () => { this.CONSUME(K.volumes); this.SUBRULE2(this.struct); } },
      {
        ALT: () => {
          this.CONSUME(K.retry);
          this.SUBRULE(this.scalar);
          this.OPTION(() => {
            this.CONSUME(K.backoff);
            this.SUBRULE2(this.scalar);
            this.OPTION2(() => {
              this.CONSUME(K.factor);
              this.SUBRULE3(this.scalar);
            });
            this.OPTION3(() => {
              this.CONSUME(K.max);
              this.SUBRULE4(this.scalar);
            });
          });
        },
      },
      { ALT: () => { this.CONSUME(K.timeout); this.SUBRULE5(this.scalar); } },
      {
        ALT: () => {
          this.CONSUME(K.cache);
          // `cache on`, `cache off`, `cache on maxAge "24h"`, or `cache maxAge "24h"` (the age alone)
          this.OR2([
            {
              ALT: () => {
                this.OR3([{ ALT: () => this.CONSUME(K.on) }, { ALT: () => this.CONSUME(K.off) }]);
                this.OPTION4(() => {
                  this.CONSUME(K.maxAge);
                  this.SUBRULE6(this.scalar);
                });
              },
            },
            { ALT: () => { this.CONSUME2(K.maxAge); this.SUBRULE7(this.scalar); } },
          ]);
        },
      },
      { ALT: () => { this.CONSUME(K.nodeSelector); this.SUBRULE3(this.struct); } },
      { ALT: () => { this.CONSUME(K.tolerations); this.SUBRULE(this.list); } },
      { ALT: () => { this.CONSUME(K.affinity); this.SUBRULE2(this.list); } },
      { ALT: () => { this.CONSUME(K.labels); this.SUBRULE4(this.struct); } },
      { ALT: () => { this.CONSUME(K.annotations); this.SUBRULE5(this.struct); } },
      { ALT: () => { this.CONSUME(K.serviceAccount); this.SUBRULE(this.string); } },
      { ALT: () => { this.CONSUME(K.imagePullSecrets); this.SUBRULE3(this.list); } },
      { ALT: () => { this.CONSUME(K.securityContext); this.SUBRULE6(this.struct); } },
      {
        ALT: () => {
          this.CONSUME(K.distributed);
          this.CONSUME2(T.LBrace);
          this.MANY2(() => this.SUBRULE(this.distributedItem));
          this.CONSUME2(T.RBrace);
        },
      },
    ]);
  });

  /** One field of a `distributed` block: `nodes 4`, `job pytorchjob`, `elastic 2..8`; the names are checked when lowering. */
  private distributedItem = this.RULE("distributedItem", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.scalar);
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.scalar);
    });
  });

  private resourceItem = this.RULE("resourceItem", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.cpu) },
            { ALT: () => this.CONSUME(K.memory) },
            { ALT: () => this.CONSUME(K.ephemeralStorage) },
          ]);
          this.OR3([
            {
              ALT: () => {
                this.SUBRULE(this.scalar);
                this.OPTION(() => {
                  this.CONSUME(T.DotDot);
                  this.SUBRULE2(this.scalar);
                });
              },
            },
            // `cpu .. 2`: a limit without a request
            { ALT: () => { this.CONSUME2(T.DotDot, { LABEL: "limitOnly" }); this.SUBRULE4(this.scalar); } },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.gpu);
          this.SUBRULE3(this.scalar);
          this.OPTION2(() => this.SUBRULE(this.string));
          // `mig "1g.10gb"`: the count is of slices of that MIG profile
          this.OPTION3(() => {
            this.CONSUME(K.mig);
            this.SUBRULE2(this.string, { LABEL: "migProfile" });
          });
        },
      },
    ]);
  });

  /** A setting's value: a literal or a reference (no parentheses, so `retry (…)` never reads as a call). */
  private scalar = this.RULE("scalar", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.string) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Minus));
          this.CONSUME(T.NumberLiteral);
        },
      },
      { ALT: () => this.SUBRULE(this.reference) },
    ]);
  });

  // -- pipelines -------------------------------------------------------------------------------------

  private pipelineDecl = this.RULE("pipelineDecl", () => {
    this.CONSUME(K.pipeline);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.pipelineItem));
    this.CONSUME(T.RBrace);
  });

  private pipelineItem = this.RULE("pipelineItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.descriptionItem) },
      { ALT: () => this.SUBRULE(this.paramDecl) },
      { ALT: () => this.SUBRULE(this.outputDecl) },
      { ALT: () => this.SUBRULE(this.scheduleDecl) },
      { ALT: () => this.SUBRULE(this.artifactRootDecl) },
      { ALT: () => this.SUBRULE(this.finallyBlock) },
      { ALT: () => this.SUBRULE(this.setting) },
      { ALT: () => this.SUBRULE(this.statement) },
    ]);
  });

  private paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(K.param);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION2(() => this.CONSUME(T.Question));
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  private artifactRootDecl = this.RULE("artifactRootDecl", () => {
    this.CONSUME(K.artifactRoot);
    this.SUBRULE(this.string);
  });

  private scheduleDecl = this.RULE("scheduleDecl", () => {
    this.CONSUME(K.schedule);
    this.SUBRULE(this.string);
    this.OPTION(() => {
      this.CONSUME(K.timezone);
      this.SUBRULE2(this.string);
    });
    this.OPTION2(() => {
      this.CONSUME(K.concurrency);
      this.CONSUME(T.Identifier);
    });
  });

  private finallyBlock = this.RULE("finallyBlock", () => {
    this.CONSUME(K.finally);
    this.SUBRULE(this.block);
  });

  private block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  private statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.SUBRULE(this.forStatement) },
      { ALT: () => this.SUBRULE(this.serveDecl) },
      { ALT: () => this.SUBRULE(this.stepStatement) },
    ]);
  });

  private ifStatement = this.RULE("ifStatement", () => {
    this.CONSUME(K.if);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
    this.MANY(() => {
      this.CONSUME(K.elif);
      this.SUBRULE2(this.expression);
      this.SUBRULE2(this.block);
    });
    this.OPTION(() => {
      this.CONSUME(K.else);
      this.SUBRULE3(this.block);
    });
  });

  private forStatement = this.RULE("forStatement", () => {
    this.CONSUME(K.for);
    this.CONSUME(T.Identifier);
    this.CONSUME(K.in);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(K.parallel);
      this.SUBRULE(this.scalar);
    });
    this.SUBRULE(this.block);
  });

  private stepStatement = this.RULE("stepStatement", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
    });
    this.OR([
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.importerCall) },
    ]);
    this.OPTION2(() => this.SUBRULE(this.afterClause));
    this.OPTION3(() => this.SUBRULE(this.stepBlock));
  });

  private importerCall = this.RULE("importerCall", () => {
    this.CONSUME(K.import);
    this.SUBRULE(this.typeRef);
    this.CONSUME(K.from);
    this.SUBRULE(this.expression);
  });

  private afterClause = this.RULE("afterClause", () => {
    this.CONSUME(K.after);
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    });
  });

  private stepBlock = this.RULE("stepBlock", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.stepItem));
    this.CONSUME(T.RBrace);
  });

  private stepItem = this.RULE("stepItem", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.always) },
      { ALT: () => { this.CONSUME(K.displayName); this.SUBRULE(this.string); } },
      { ALT: () => this.CONSUME(K.reimport) },
      { ALT: () => { this.CONSUME(K.metadata); this.SUBRULE(this.struct); } },
      { ALT: () => this.SUBRULE(this.setting) },
    ]);
  });

  // -- tuning ----------------------------------------------------------------------------------------

  private tuneDecl = this.RULE("tuneDecl", () => {
    this.CONSUME(K.tune);
    this.CONSUME(T.Identifier);
    this.CONSUME(K.of);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.tuneItem));
    this.CONSUME(T.RBrace);
  });

  private tuneItem = this.RULE("tuneItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.objective);
          this.OR2([{ ALT: () => this.CONSUME(K.maximize) }, { ALT: () => this.CONSUME(K.minimize) }]);
          this.CONSUME(T.Identifier);
          this.OPTION(() => {
            this.CONSUME(K.goal);
            this.SUBRULE(this.scalar);
          });
        },
      },
      { ALT: () => { this.CONSUME(K.metrics); this.SUBRULE(this.list); } },
      {
        ALT: () => {
          this.CONSUME(K.strategy);
          this.CONSUME2(T.Identifier);
          this.CONSUME3(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.algorithm);
          this.CONSUME4(T.Identifier);
          this.OPTION2(() => this.SUBRULE(this.struct));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.earlyStopping);
          this.CONSUME5(T.Identifier);
          this.OPTION3(() => this.SUBRULE2(this.struct));
        },
      },
      { ALT: () => this.SUBRULE(this.searchDecl) },
      {
        ALT: () => {
          this.CONSUME(K.trials);
          this.SUBRULE2(this.scalar);
          this.OPTION4(() => {
            this.CONSUME(K.parallel);
            this.SUBRULE3(this.scalar);
          });
          this.OPTION5(() => {
            this.CONSUME(K.failures);
            this.SUBRULE4(this.scalar);
          });
        },
      },
      { ALT: () => { this.CONSUME(K.with); this.SUBRULE3(this.struct); } },
      { ALT: () => { this.CONSUME(K.resume); this.CONSUME6(T.Identifier); } },
      {
        ALT: () => {
          this.CONSUME(K.collector);
          this.CONSUME7(T.Identifier);
          this.OPTION6(() => this.SUBRULE(this.string));
        },
      },
      { ALT: () => this.SUBRULE(this.setting) },
    ]);
  });

  private searchDecl = this.RULE("searchDecl", () => {
    this.CONSUME(K.search);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(K.in);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.scalar);
          this.CONSUME(T.DotDot);
          this.SUBRULE2(this.scalar);
          this.OPTION(() => {
            this.CONSUME(K.step);
            this.SUBRULE3(this.scalar);
          });
          this.OPTION2(() => this.SUBRULE(this.distribution));
        },
      },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  private distribution = this.RULE("distribution", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.uniform) },
      { ALT: () => this.CONSUME(K.log) },
      { ALT: () => this.CONSUME(K.normal) },
      { ALT: () => this.CONSUME(K.lognormal) },
    ]);
  });

  // -- serving ---------------------------------------------------------------------------------------

  private serveDecl = this.RULE("serveDecl", () => {
    this.CONSUME(K.serve);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.serveItem));
    this.CONSUME(T.RBrace);
  });

  private serveItem = this.RULE("serveItem", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.model);
          this.CONSUME(T.Identifier);
          this.CONSUME(K.from);
          this.SUBRULE(this.expression);
          this.OPTION(() => {
            this.CONSUME(K.version);
            this.SUBRULE(this.string);
          });
        },
      },
      { ALT: () => { this.CONSUME(K.runtime); this.SUBRULE2(this.string); } },
      { ALT: () => { this.CONSUME(K.protocol); this.SUBRULE3(this.string); } },
      {
        ALT: () => {
          this.CONSUME(K.replicas);
          this.SUBRULE(this.scalar);
          this.OPTION2(() => {
            this.CONSUME(T.DotDot);
            this.SUBRULE2(this.scalar);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.scale);
          this.CONSUME2(T.Identifier);
          this.SUBRULE3(this.scalar);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.canary);
          this.SUBRULE4(this.scalar);
          this.CONSUME(T.Percent);
        },
      },
      { ALT: () => { this.CONSUME(K.mode); this.CONSUME3(T.Identifier); } },
      {
        ALT: () => {
          this.CONSUME(K.transformer);
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.componentItem));
          this.CONSUME(T.RBrace);
        },
      },
      { ALT: () => this.SUBRULE(this.setting) },
    ]);
  });

  // -- expressions -----------------------------------------------------------------------------------

  /**
   * Operands separated by binary operators, flat: precedence (or < and < not < comparisons < unary
   * minus) is applied when lowering. One rule per precedence level would build seven tree nodes for
   * every literal; this builds three.
   */
  private expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.SUBRULE(this.binaryOp);
      this.SUBRULE2(this.operand);
    });
  });

  private binaryOp = this.RULE("binaryOp", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.or) },
      { ALT: () => this.CONSUME(K.and) },
      { ALT: () => this.CONSUME(T.EqEq) },
      { ALT: () => this.CONSUME(T.NotEq) },
      { ALT: () => this.CONSUME(T.LtEq) },
      { ALT: () => this.CONSUME(T.GtEq) },
      { ALT: () => this.CONSUME(T.Lt) },
      { ALT: () => this.CONSUME(T.Gt) },
    ]);
  });

  private operand = this.RULE("operand", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(K.not) }, { ALT: () => this.CONSUME(T.Minus) }]);
    });
    this.SUBRULE(this.primary);
  });

  private primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.string) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
      { ALT: () => this.CONSUME(K.null) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.struct) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.pipeline);
          this.CONSUME(T.Dot);
          this.CONSUME(T.Identifier);
        },
      },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.reference) },
    ]);
  });

  private string = this.RULE("string", () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.TripleString) }]);
  });

  private list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  private struct = this.RULE("struct", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.field);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  private field = this.RULE("field", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.string) }]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  private call = this.RULE("call", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.callArg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.callArg);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  private callArg = this.RULE("callArg", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression);
  });

  private reference = this.RULE("reference", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });
}

/**
 * chevrotain's LL(k) lookahead, with each decision's function built the first time the parser takes
 * that decision instead of for every decision of the grammar when the parser is built (the default):
 * that was half of building the parser, paid on every run although a small file takes few of the
 * grammar's decisions. The functions built are chevrotain's own, so parsing is unchanged.
 */
class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<LLk["buildLookaheadForAlternation"]>[0]): ReturnType<LLk["buildLookaheadForAlternation"]> {
    let built: ReturnType<LLk["buildLookaheadForAlternation"]> | undefined;
    const build = () => (built = super.buildLookaheadForAlternation(options));
    return function (this: unknown, alts) {
      return (built ?? build()).call(this, alts);
    };
  }

  override buildLookaheadForOptional(options: Parameters<LLk["buildLookaheadForOptional"]>[0]): ReturnType<LLk["buildLookaheadForOptional"]> {
    let built: ReturnType<LLk["buildLookaheadForOptional"]> | undefined;
    const build = () => (built = super.buildLookaheadForOptional(options));
    return function (this: unknown) {
      return (built ?? build()).call(this);
    };
  }
}

let built: MlpipeParser | undefined;

/** The parser, built once, on first use: a run that parses no `.mlpipe` file never builds it. */
export function mlpipeParser(): MlpipeParser {
  return (built ??= new MlpipeParser());
}

/** Names of every grammar rule, for the EBNF sync test. */
export function ruleNames(): string[] {
  const productions = mlpipeParser().getGAstProductions();
  return productions instanceof Map ? [...(productions as unknown as Map<string, unknown>).keys()] : Object.keys(productions);
}

export { EOF };
export type { CstNode, IRecognitionException, IToken, TokenType };
