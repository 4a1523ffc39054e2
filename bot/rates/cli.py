"""`careerbot rate …`: the calculators from the terminal."""

import typer

app = typer.Typer(help="Salary and freelance-rate calculators that show their working.", no_args_is_help=True)
