/**
 * One of the choices, each with the probability of its share of the total weight, as
 * Lambda routes an alias's invocations and an ALB a listener's requests.
 */
export function drawWeighted<T>(choices: Array<{ value: T; weight: number }>): T | undefined {
  const total = choices.reduce((sum, choice) => sum + Math.max(choice.weight, 0), 0);
  let draw = Math.random() * total;
  for (const choice of choices) {
    if (choice.weight <= 0) continue;
    if (draw < choice.weight) return choice.value;
    draw -= choice.weight;
  }
  return choices.findLast((choice) => choice.weight > 0)?.value;
}
