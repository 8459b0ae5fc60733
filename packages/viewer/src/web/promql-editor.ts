// The one module that touches CodeMirror: a PromQL editor completing against the live Prometheus.
import { autocompletion, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, insertNewline } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { PromQLExtension } from "@prometheus-io/codemirror-promql";

/** A PromQL editor in one element. */
export interface PromqlEditor {
  readonly value: () => string;
  focus(): void;
  dispose(): void;
}

export interface PromqlEditorOptions {
  readonly doc: string;
  /** Enter (not inside a completion list): run the queries. Shift+Enter breaks the line. */
  readonly onRun: () => void;
}

/** PromQL's token colours on the page's dark theme, close to Prometheus' own UI. */
const promqlHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#73bf69" },
  { tag: tags.function(tags.variableName), color: "#5794f2" },
  { tag: tags.labelName, color: "#ff9830" },
  { tag: tags.string, color: "#fade2a" },
  { tag: tags.number, color: "#b877d9" },
  { tag: tags.operator, color: "#ccccdc" },
  { tag: tags.comment, color: "#8e8e9e", fontStyle: "italic" },
  { tag: tags.invalid, color: "#f2495c" },
]);

/** The page's dark look for the editor's popups (completion list, its info, lint messages). */
const darkTheme = EditorView.theme(
  {
    ".cm-tooltip": {
      backgroundColor: "#181b1f",
      color: "#ccccdc",
      border: "1px solid #2c3235",
    },
    ".cm-tooltip-autocomplete ul li[aria-selected]": {
      backgroundColor: "#2f3b52",
      color: "#ccccdc",
    },
  },
  { dark: true },
);

/**
 * Creates an editor with PromQL highlighting, linting and completion of functions, keywords,
 * and the metric names, labels and label values of the Prometheus behind the viewer's read-only
 * proxy (same origin: `/api/v1/metadata`, `labels`, `series`, `label/<name>/values`).
 */
export function createPromqlEditor(
  parent: HTMLElement,
  options: PromqlEditorOptions,
): PromqlEditor {
  const promql = new PromQLExtension().setComplete({
    remote: {
      url: location.origin,
      // Completion is a help: a failed lookup leaves the list shorter, not an error.
      httpErrorHandler: () => {},
    },
  });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        history(),
        closeBrackets(),
        bracketMatching(),
        autocompletion(), // its keymap comes first: Enter takes an open list's choice
        syntaxHighlighting(promqlHighlight),
        placeholder("Type a PromQL query, e.g. training_loss, then Enter"),
        promql.asExtension(),
        keymap.of([
          {
            key: "Enter",
            run: () => {
              options.onRun();
              return true;
            },
          },
          { key: "Shift-Enter", run: insertNewline },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...lintKeymap,
        ]),
        EditorView.lineWrapping,
        darkTheme,
      ],
    }),
  });
  return {
    value: () => view.state.doc.toString(),
    focus: () => view.focus(),
    dispose: () => view.destroy(),
  };
}
