import { flightdeckProgram } from "./program";

// The stack outputs of `pulumi up` are the program's outputs.
export = flightdeckProgram();
