// A problem with a campaign input, said in one sentence that names the input and how to supply it.
export class InputProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputProblem';
  }
}
