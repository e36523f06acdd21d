// Runs a stream of work items on N threads and hands the results back in input order, with at
// most `window` items in flight, so memory stays bounded however long the stream is.
// Thread-safety: Run() is called from one thread; `produce` and `consume` run on that thread,
// `work` on the worker threads (each worker gets its own State, e.g. scratch buffers).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace clearhost {

template <typename Item, typename Output, typename State>
class OrderedParallel {
 public:
  using Produce = std::function<std::optional<Item>()>;  // nullopt: no more items
  using Work = std::function<Output(State& state, const Item& item)>;
  using MakeState = std::function<State()>;
  using Consume = std::function<void(const Item& item, Output&& output)>;

  OrderedParallel(int threads, size_t window)
      : threads_(threads < 1 ? 1 : threads), window_(window < 1 ? 1 : window) {}

  void Run(const Produce& produce, const MakeState& make_state, const Work& work,
           const Consume& consume) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads_; ++t) {
      workers.emplace_back([&] {
        State state = make_state();
        while (true) {
          Slot* slot = nullptr;
          {
            std::unique_lock lock(mutex_);
            work_ready_.wait(lock, [&] { return next_to_start_ < slots_.size() || finished_; });
            if (next_to_start_ >= slots_.size()) return;
            slot = &slots_[next_to_start_++];
          }
          Output output = work(state, slot->item);
          std::lock_guard lock(mutex_);
          slot->output = std::move(output);
          result_ready_.notify_all();
        }
      });
    }
    bool more = true;
    while (true) {
      std::unique_lock lock(mutex_);
      // Refill the window from the producer (outside the lock would need more care; the
      // producer is cheap next to the work).
      while (more && slots_.size() < window_) {
        lock.unlock();
        std::optional<Item> item = produce();
        lock.lock();
        if (!item) {
          more = false;
          break;
        }
        slots_.push_back(Slot{std::move(*item), std::nullopt});
        work_ready_.notify_one();
      }
      if (slots_.empty()) break;
      result_ready_.wait(lock, [&] { return slots_.front().output.has_value(); });
      Slot done = std::move(slots_.front());
      slots_.pop_front();
      --next_to_start_;
      lock.unlock();
      consume(done.item, std::move(*done.output));
    }
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    work_ready_.notify_all();
    for (auto& worker : workers) worker.join();
  }

 private:
  struct Slot {
    Item item;
    std::optional<Output> output;
  };

  const int threads_;
  const size_t window_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable result_ready_;
  std::deque<Slot> slots_;    // in input order; a deque keeps element addresses on push/pop
  size_t next_to_start_ = 0;  // index in slots_ of the first item no worker has taken
  bool finished_ = false;
};

}  // namespace clearhost
