"""The Jupyter kernel conformance suite (jupyter_kernel_test) against the tslab kernel.

Run by test/kernel.test.ts under the Python that has jupyter_kernel_test, with
JUPYTER_PATH pointing at the project's kernelspec. Besides the suite's own
tests it checks what the project's tslab patch promises: TypeScript errors with
line and column, runtime errors with name and traceback, promises that reject
while a cell runs, rich results and in-place display updates.

Prints unittest's report on stderr, then one JSON object on stdout:
{"results": [{"test": ..., "outcome": "pass" | "fail" | "error" | "skip", "detail": ...}]}.
"""
import json
import sys
import time
import unittest

import jupyter_kernel_test
from jupyter_client.utils import run_sync

# Seconds to wait for any one reply: a missing reply fails fast. The suite
# reads this global at call time; get_non_kernel_info_reply caps the rest.
REPLY_TIMEOUT = 10
jupyter_kernel_test.TIMEOUT = REPLY_TIMEOUT

RICH = (
    "class Bold { constructor(readonly text: string) {} "
    '[Symbol.for("Jupyter.display")]() { return { "text/html": `<b>${this.text}</b>` }; } }\n'
    'new Bold("rich")'
)


class TslabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("to stderr");'
    code_generate_error = 'throw new Error("generated on purpose");'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "[1, 2].inclu", "matches": {"includes"}},
    ]
    complete_code_samples = ["1 + 2", "const f = <T>(x: T) => x;", "for (const x of [1]) {}"]
    incomplete_code_samples = ["let x = 1 +", "function f() {\n  return 1;", "foo(1, 2"]
    invalid_code_samples = ["const x = ;", "}", "a b c"]

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": RICH, "mime": "text/html", "result": "<b>rich</b>"},
    ]
    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'import { display } from "tslab";\ndisplay.html("<i>shown</i>");', "mime": "text/html"},
        {
            "code": 'import { display } from "tslab";\n'
            'display.bundle({ "text/plain": "both", "text/html": "<p>both</p>" });',
            "mime": "text/html",
        },
    ]
    code_inspect_sample = "Math.max"

    def get_non_kernel_info_reply(self, timeout=None):
        return super().get_non_kernel_info_reply(timeout=min(timeout or REPLY_TIMEOUT, REPLY_TIMEOUT))

    # What the project's patch adds, beyond the suite.

    def run_failing(self, code):
        """Executes `code`, which must fail, and returns the error reply's content."""
        self.flush_channels()
        reply, outputs = self.execute_helper(code)
        content = reply["content"]
        self.assertEqual(content["status"], "error")
        self.assertEqual([m["msg_type"] for m in outputs], ["error"])
        published = outputs[0]["content"]
        for key in ("ename", "evalue", "traceback"):
            self.assertEqual(published[key], content[key], key)
        return content

    def test_type_error_names_line_and_column(self):
        error = self.run_failing('const fine = 1;\nconst count: number = "three";')
        self.assertEqual(error["ename"], "TSError")
        self.assertEqual(error["evalue"], "2:7 - Type 'string' is not assignable to type 'number'.")
        self.assertEqual(error["traceback"], [error["evalue"]])

    def test_runtime_error_has_name_message_and_cell_traceback(self):
        error = self.run_failing('function deep() {\n  throw new RangeError("too far");\n}\ndeep();')
        self.assertEqual(error["ename"], "RangeError")
        self.assertEqual(error["evalue"], "too far")
        self.assertEqual(error["traceback"][0], "RangeError: too far")
        self.assertRegex(error["traceback"][1], r"^\s+at deep ")
        for line in error["traceback"]:
            self.assertNotIn("tslab", line)
            self.assertNotIn("node:vm", line)

    def test_thrown_non_error_is_reported(self):
        error = self.run_failing('throw "plain string";')
        self.assertEqual((error["ename"], error["evalue"]), ("Uncaught", "'plain string'"))

    def test_promise_rejecting_while_an_async_cell_runs_is_its_error(self):
        error = self.run_failing(
            "new Promise((_, reject) => setTimeout(() => reject(new TypeError(\"rejected late\")), 20));\n"
            "await new Promise((resolve) => setTimeout(resolve, 200));"
        )
        self.assertEqual((error["ename"], error["evalue"]), ("TypeError", "rejected late"))

    def test_promise_rejecting_in_a_synchronous_cell_is_its_error(self):
        error = self.run_failing('Promise.reject(new Error("no handler"));\nconst after = 1;')
        self.assertEqual((error["ename"], error["evalue"]), ("Error", "no handler"))

    def test_rejection_handled_before_the_cell_ends_is_no_error(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(
            'const handledLater = Promise.reject(new Error("handled"));\n'
            "await new Promise((resolve) => setTimeout(resolve, 50));\n"
            "await handledLater.catch((e) => e.message);"
        )
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m["content"]["data"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results, [{"text/plain": "'handled'"}])

    def test_the_cell_after_an_error_runs(self):
        self.run_failing('throw new Error("first");')
        reply, outputs = self.execute_helper("40 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        result = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(result[0]["content"]["data"]["text/plain"], "42")
        self.assertEqual(result[0]["content"]["execution_count"], reply["content"]["execution_count"])

    def test_no_result_for_undefined_or_a_statement(self):
        for code in ["undefined", "const quiet = 5;", 'console.log("only a stream")']:
            with self.subTest(code=code):
                self.flush_channels()
                reply, outputs = self.execute_helper(code)
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertNotIn("execute_result", [m["msg_type"] for m in outputs])

    def test_display_updates_in_place(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(
            'import { newDisplay } from "tslab";\n'
            "const live = newDisplay();\n"
            'live.text("first");\n'
            'live.bundle({ "text/plain": "second", "text/html": "<b>second</b>" });'
        )
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], ["display_data", "update_display_data"])
        first, second = (m["content"] for m in outputs)
        self.assertEqual(first["data"], {"text/plain": "first"})
        self.assertEqual(second["data"], {"text/plain": "second", "text/html": "<b>second</b>"})
        self.assertTrue(first["transient"]["display_id"])
        self.assertEqual(first["transient"]["display_id"], second["transient"]["display_id"])

    def test_top_level_names_reach_the_next_cell(self):
        # Each kind of top-level declaration, destructuring included, reaches
        # later cells with its type.
        self.flush_channels()
        reply, _ = self.execute_helper(
            "const [first, { second }] = [1, { second: 2 }];\n"
            "let inBlock = 0;\n"
            "if (first) { inBlock = 3; }\n"
            "function four(): number { return 4; }\n"
            "class Five { value = 5; }\n"
            "type Six = 6;"
        )
        self.assertEqual(reply["content"]["status"], "ok")
        reply, outputs = self.execute_helper(
            "const six: Six = 6;\nfirst + second + inBlock + four() + new Five().value + six"
        )
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m["content"]["data"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results, [{"text/plain": "21"}])
        error = self.run_failing('const wrong: string = four();')
        self.assertEqual(error["evalue"], "1:7 - Type 'number' is not assignable to type 'string'.")

    def test_a_local_module_and_its_imports_compile_and_run(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(
            'import { twice } from "./test/support/kernel-module";\ntwice(21)'
        )
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        results = [m["content"]["data"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results, [{"text/plain": "42"}])

    def test_inspect_describes_the_symbol(self):
        self.flush_channels()
        self.kc.inspect("Math.max")
        reply = self.get_non_kernel_info_reply()
        self.assertIn("max(...values: number[]): number", reply["content"]["data"]["text/plain"])

    def test_comm_info_reply(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply()
        jupyter_kernel_test.validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})


class Recorder(unittest.TextTestResult):
    """unittest's text report, plus one record per test and per failing or skipped subtest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = []

    def record(self, test, outcome, detail=""):
        entry = {"test": getattr(test, "test_case", test)._testMethodName, "outcome": outcome}
        if hasattr(test, "test_case"):  # a subtest
            entry["subtest"] = test._subDescription()
        entry["detail"] = detail
        self.records.append(entry)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.record(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.record(test, "fail", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self.record(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.record(test, "skip", reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:  # a skipped subtest goes to addSkip
            outcome = "fail" if issubclass(err[0], test.failureException) else "error"
            self.record(subtest, outcome, self._exc_info_to_string(err, test))


def main():
    started = time.monotonic()
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(TslabKernelTests)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=Recorder)
    result = runner.run(suite)
    json.dump({"results": result.records, "seconds": time.monotonic() - started}, sys.stdout)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
