import { element } from "./panel-view.js";

/** A labelled `<select>` whose change calls `onChange` with the chosen value. */
export function selectControl(
  label: string,
  options: readonly (readonly [string, string])[],
  value: string,
  onChange: (value: string) => void,
  name: string,
  /** How to show `value` when it is none of the options (an absolute range, say). */
  shownValue?: string,
): HTMLElement {
  const wrapper = element("label", "control");
  const select = element("select");
  select.name = name;
  for (const [v, text] of options) select.append(new Option(text, v, false, v === value));
  if (!options.some(([v]) => v === value))
    select.append(new Option(shownValue ?? value, value, false, true));
  select.addEventListener("change", () => onChange(select.value));
  wrapper.append(element("span", "control-label", label), select);
  return wrapper;
}
