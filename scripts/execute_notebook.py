"""Execute one notebook in a fresh kernel and write it as HTML (and .ipynb).

Called by scripts/notebooks.ts under the Python that has Jupyter. On a failing
cell it prints the notebook, the cell number and the error text, then exits 1
without writing anything. The error text is what the cell wrote to stderr,
then the error's name and message from its error output (the patched tslab
sends them; an unpatched one sends none, and the stderr text is all there is).
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="path of the .ipynb to execute")
    parser.add_argument("--html", help="where to write the executed notebook as HTML")
    parser.add_argument("--ipynb", help="where to write the executed notebook")
    parser.add_argument("--title", help="title of the HTML page")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()

    notebook = nbformat.read(args.notebook, as_version=4)
    kernel_name = notebook.metadata.get("kernelspec", {}).get("name", "tslab")
    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=args.timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
    )

    try:
        kernel = client.setup_kernel()
        kernel.__enter__()
    except Exception as error:  # a missing kernelspec or a kernel that dies at start
        print("{}: the {} kernel did not start: {}: {}".format(
            args.notebook, kernel_name, type(error).__name__, error), file=sys.stderr)
        return 1
    try:
        code_number = 0
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            code_number += 1
            try:
                client.execute_cell(cell, index)
                # In [n] in the docs whatever the kernel counted (unpatched tslab sends none).
                cell.execution_count = code_number
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
                report_failure(args.notebook, index, code_number, cell, error)
                return 1
    finally:
        kernel.__exit__(None, None, None)

    if args.ipynb:
        write_text(args.ipynb, nbformat.writes(notebook))
    if args.html:
        exporter = HTMLExporter(
            template_name="workbook",
            extra_template_basedirs=[os.path.join(os.path.dirname(__file__), "docs-template")],
        )
        title = args.title or os.path.basename(args.notebook)
        html, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
        write_text(args.html, html)
    return 0


def report_failure(path, index, code_number, cell, error):
    """Prints where a notebook failed and the cell's own error text."""
    stderr = "".join(
        output.get("text", "")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    )
    errors = [
        "{}: {}".format(output.get("ename", ""), output.get("evalue", "")).strip(": ")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    text = "\n".join(part for part in [stderr.strip(), *errors] if part)
    if isinstance(error, CellTimeoutError):
        text = "\n".join(part for part in [text, "the cell did not finish within the time limit"] if part)
    if not text:
        lines = str(error).strip().splitlines()
        text = "{}: {}".format(type(error).__name__, lines[-1] if lines else "")
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    print(
        "{} failed at cell {} (code cell {}): {}\n{}".format(
            path, index + 1, code_number, first_line, indent(text)
        ),
        file=sys.stderr,
    )


def indent(text):
    return "\n".join("    " + line for line in text.splitlines())


def write_text(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    sys.exit(main())
