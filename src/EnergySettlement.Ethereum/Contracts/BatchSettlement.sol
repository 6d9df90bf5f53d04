// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title BatchSettlement
/// @notice Pays many payees in one transaction, in ether or in an ERC-20 token, at most once per (payer, batch id).
/// @dev Holds no funds. Ether arrives with the call and leaves in the same call; tokens move straight from the payer
///      to each payee with transferFrom, so the payer approves this contract for the batch total first.
///      The settled flag is written before any transfer (checks-effects-interactions), so a payee that re-enters
///      cannot settle the same batch twice.
contract BatchSettlement {
    /// @notice Whether a payer has settled a batch id. Keyed by payer so nobody can block another payer's id.
    mapping(address => mapping(bytes32 => bool)) public settled;

    /// @notice One payout of a batch; token is address(0) for ether. The reference is the settlement reference text.
    event Payout(bytes32 indexed batchId, address indexed payee, address indexed token, uint256 amount, string settlementReference);

    /// @notice A whole batch, after its payouts.
    event BatchSettled(bytes32 indexed batchId, address indexed payer, address indexed token, uint256 total, uint256 payouts);

    /// @notice The payer already settled this batch id.
    error BatchAlreadySettled(address payer, bytes32 batchId);

    /// @notice The payee, amount and reference arrays differ in length, or are empty.
    error MalformedBatch(uint256 payees, uint256 amounts, uint256 references);

    /// @notice The ether sent differs from the sum of the amounts.
    error ValueMismatch(uint256 expected, uint256 received);

    /// @notice An ether transfer to a payee failed.
    error NativeTransferFailed(address payee, uint256 amount);

    /// @notice A token transferFrom failed or returned false, or the token is not a contract.
    error TokenTransferFailed(address token, address payee, uint256 amount);

    /// @notice Pays ether: msg.value must equal the sum of amounts.
    function settleNative(
        bytes32 batchId,
        address[] calldata payees,
        uint256[] calldata amounts,
        string[] calldata references
    ) external payable {
        _begin(batchId, payees.length, amounts.length, references.length);
        uint256 total = 0;
        for (uint256 i = 0; i < amounts.length; i++) {
            total += amounts[i];
        }
        if (total != msg.value) {
            revert ValueMismatch(total, msg.value);
        }
        for (uint256 i = 0; i < payees.length; i++) {
            (bool ok, ) = payees[i].call{value: amounts[i]}("");
            if (!ok) {
                revert NativeTransferFailed(payees[i], amounts[i]);
            }
            emit Payout(batchId, payees[i], address(0), amounts[i], references[i]);
        }
        emit BatchSettled(batchId, msg.sender, address(0), total, payees.length);
    }

    /// @notice Pays an ERC-20 token with transferFrom(msg.sender, payee, amount); the payer approves this contract first.
    function settleToken(
        bytes32 batchId,
        address token,
        address[] calldata payees,
        uint256[] calldata amounts,
        string[] calldata references
    ) external {
        _begin(batchId, payees.length, amounts.length, references.length);
        uint256 total = 0;
        for (uint256 i = 0; i < payees.length; i++) {
            _transferFrom(token, msg.sender, payees[i], amounts[i]);
            total += amounts[i];
            emit Payout(batchId, payees[i], token, amounts[i], references[i]);
        }
        emit BatchSettled(batchId, msg.sender, token, total, payees.length);
    }

    function _begin(bytes32 batchId, uint256 payees, uint256 amounts, uint256 references) private {
        if (payees == 0 || payees != amounts || payees != references) {
            revert MalformedBatch(payees, amounts, references);
        }
        if (settled[msg.sender][batchId]) {
            revert BatchAlreadySettled(msg.sender, batchId);
        }
        settled[msg.sender][batchId] = true;
    }

    function _transferFrom(address token, address from, address to, uint256 amount) private {
        if (token.code.length == 0) {
            revert TokenTransferFailed(token, to, amount);
        }
        // Some tokens return nothing instead of true: accept empty return data, refuse an explicit false.
        (bool ok, bytes memory data) = token.call(abi.encodeWithSelector(0x23b872dd, from, to, amount));
        if (!ok || (data.length != 0 && (data.length < 32 || !abi.decode(data, (bool))))) {
            revert TokenTransferFailed(token, to, amount);
        }
    }
}
