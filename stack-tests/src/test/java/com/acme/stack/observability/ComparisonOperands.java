package com.acme.stack.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits an alert expression at its top-level comparison and set operators
 * ({@code > 0.05}, {@code == 0}, {@code and}, {@code or}, {@code unless}) into the
 * quantities it compares. An alert that is not firing returns nothing, so "the alert's
 * query has data" means these operands return series: a threshold on a metric nobody
 * exports would never fire.
 */
final class ComparisonOperands {

	private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

	private static final Pattern MODIFIERS = Pattern
		.compile("^(bool\\s+)?((on|ignoring)\\s*\\([^)]*\\)\\s*)?((group_left|group_right)\\s*(\\([^)]*\\))?\\s*)?");

	private ComparisonOperands() {
	}

	/** The operands that are not number literals, in order. */
	static List<String> of(String expression) {
		List<String> operands = new ArrayList<>();
		int depth = 0;
		int start = 0;
		char quote = 0;
		for (int i = 0; i < expression.length(); i++) {
			char c = expression.charAt(i);
			if (quote != 0) {
				if (c == '\\') {
					i++;
				}
				else if (c == quote) {
					quote = 0;
				}
				continue;
			}
			if (c == '"' || c == '\'' || c == '`') {
				quote = c;
			}
			else if (c == '(' || c == '{' || c == '[') {
				depth++;
			}
			else if (c == ')' || c == '}' || c == ']') {
				depth--;
			}
			else if (depth == 0) {
				int length = operatorLength(expression, i);
				if (length > 0) {
					operands.add(expression.substring(start, i));
					start = i + length;
					i = start - 1;
				}
			}
		}
		operands.add(expression.substring(start));
		return operands.stream()
			.map((operand) -> MODIFIERS.matcher(operand.strip()).replaceFirst("").strip())
			.filter((operand) -> !NUMBER.matcher(operand).matches())
			.toList();
	}

	private static int operatorLength(String expression, int at) {
		for (String operator : List.of("==", "!=", ">=", "<=", ">", "<")) {
			if (expression.startsWith(operator, at)) {
				return operator.length();
			}
		}
		for (String keyword : List.of("and", "or", "unless")) {
			if (expression.startsWith(keyword, at) && isBoundary(expression, at - 1)
					&& isBoundary(expression, at + keyword.length())) {
				return keyword.length();
			}
		}
		return 0;
	}

	private static boolean isBoundary(String expression, int index) {
		return index < 0 || index >= expression.length() || Character.isWhitespace(expression.charAt(index))
				|| expression.charAt(index) == '(' || expression.charAt(index) == ')';
	}

}
